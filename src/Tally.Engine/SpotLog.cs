using Microsoft.Extensions.Logging;

namespace Tally.Engine;

/// <summary>The spot synchronizer's and follower's log messages; event ids 30–49, stable.</summary>
internal static partial class SpotLog
{
    [LoggerMessage(EventId = 30, Level = LogLevel.Information, Message = "{Venue}/{Account} spot instruments defined: {Symbols}")]
    public static partial void InstrumentsDefined(ILogger logger, string venue, string account, string symbols);

    [LoggerMessage(EventId = 31, Level = LogLevel.Information, Message = "{Venue}/{Account} spot user-data subscription {SubscriptionId} open (connection {Connection}); backfilling before going live")]
    public static partial void Subscribed(ILogger logger, string venue, string account, int subscriptionId, int connection);

    [LoggerMessage(EventId = 32, Level = LogLevel.Information, Message = "{Venue}/{Account} spot user-data subscription live")]
    public static partial void Live(ILogger logger, string venue, string account);

    [LoggerMessage(EventId = 33, Level = LogLevel.Warning, Message = "{Venue}/{Account} spot user-data subscription ended; reconnecting in {Delay}")]
    public static partial void Ended(ILogger logger, string venue, string account, TimeSpan delay);

    [LoggerMessage(EventId = 34, Level = LogLevel.Warning, Message = "{Venue}/{Account} spot user-data subscription could not open; retrying in {Delay}")]
    public static partial void SubscribeFailed(ILogger logger, string venue, string account, TimeSpan delay, Exception exception);

    [LoggerMessage(EventId = 35, Level = LogLevel.Warning, Message = "{Venue}/{Account} spot periodic back-fill failed; trying again at the next one")]
    public static partial void SweepFailed(ILogger logger, string venue, string account, Exception exception);

    [LoggerMessage(EventId = 36, Level = LogLevel.Warning, Message = "{Venue}/{Account} spot periodic back-fill stored {Stored} fill(s) the subscription had not delivered")]
    public static partial void SweepFoundMissed(ILogger logger, string venue, string account, int stored);
}
