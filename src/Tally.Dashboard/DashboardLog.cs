using Microsoft.Extensions.Logging;

namespace Tally.Dashboard;

internal static partial class DashboardLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "dashboard: not served: the API listens on {Address}, beyond loopback, where reads need the token (a browser page cannot send it); bind the API to 127.0.0.1 to see the dashboard")]
    public static partial void NotServed(ILogger logger, string address);
}
