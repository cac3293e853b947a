using Microsoft.Extensions.Logging;

namespace Tally.Engine;

/// <summary>The spot synchronizer's log messages; event ids 30–49, stable (31–36 were the spot follower's, now <see cref="Log"/>'s 10–20).</summary>
internal static partial class SpotLog
{
    [LoggerMessage(EventId = 30, Level = LogLevel.Information, Message = "{Venue}/{Account} spot instruments defined: {Symbols}")]
    public static partial void InstrumentsDefined(ILogger logger, string venue, string account, string symbols);
}
