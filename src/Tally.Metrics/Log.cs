using Microsoft.Extensions.Logging;

namespace Tally.Metrics;

/// <summary>The metrics endpoint's log messages; event ids are stable.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 400, Level = LogLevel.Warning, Message = "Refused a scrape of {Path}: no or wrong bearer token")]
    public static partial void Unauthorized(ILogger logger, string path);
}
