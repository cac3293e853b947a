using Microsoft.Extensions.Logging;

namespace Tally.Dashboard;

internal static partial class DashboardLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "dashboard: not served: the API listens on {Address}, beyond loopback, where reads need the token (a browser page cannot send it); bind the API to 127.0.0.1 to see the dashboard")]
    public static partial void NotServed(ILogger logger, string address);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "dashboard: no static web assets manifest in {Directory}: the page is served without its styles and scripts")]
    public static partial void NoAssets(ILogger logger, string directory);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "dashboard: a page stopped following the log (reload it)")]
    public static partial void FollowFailed(ILogger logger, Exception exception);
}
