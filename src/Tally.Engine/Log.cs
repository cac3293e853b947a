using Microsoft.Extensions.Logging;

namespace Tally.Engine;

/// <summary>The engine's log messages; event ids are stable.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "{Venue}/{Account} {Symbol}: {Pages} page(s), {Stored} stored, {AlreadyPresent} already present, {Quarantined} quarantined, checkpoint {LastTradeId}")]
    public static partial void SymbolSynced(ILogger logger, string venue, string account, string symbol, int pages, int stored, int alreadyPresent, int quarantined, string? lastTradeId);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "{Venue}/{Account} {Symbol}: trade {TradeId} conflicts with the stored fill and was quarantined: {Reason}")]
    public static partial void Quarantined(ILogger logger, string? venue, string? account, string? symbol, string? tradeId, string reason);

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "{Venue}/{Account} user-data {Description} open (connection {Connection}); backfilling before going live")]
    public static partial void StreamConnected(ILogger logger, string venue, string account, string description, int connection);

    [LoggerMessage(EventId = 11, Level = LogLevel.Information, Message = "{Venue}/{Account} user-data stream live")]
    public static partial void StreamLive(ILogger logger, string venue, string account);

    [LoggerMessage(EventId = 12, Level = LogLevel.Warning, Message = "{Venue}/{Account} user-data stream ended; reconnecting in {Delay}")]
    public static partial void StreamEnded(ILogger logger, string venue, string account, TimeSpan delay);

    [LoggerMessage(EventId = 13, Level = LogLevel.Warning, Message = "{Venue}/{Account} user-data stream could not connect; retrying in {Delay}")]
    public static partial void StreamConnectFailed(ILogger logger, string venue, string account, TimeSpan delay, Exception exception);

    [LoggerMessage(EventId = 14, Level = LogLevel.Warning, Message = "{Venue}/{Account} user-data key keep-alive failed; reconnecting with a new key")]
    public static partial void KeepAliveFailed(ILogger logger, string venue, string account, Exception exception);

    [LoggerMessage(EventId = 15, Level = LogLevel.Warning, Message = "{Venue}/{Account} user-data stream is silent: {Undelivered} trade(s) on REST were not delivered within {Grace}; backfilling and reconnecting")]
    public static partial void StreamSilent(ILogger logger, string venue, string account, int undelivered, TimeSpan grace);

    [LoggerMessage(EventId = 16, Level = LogLevel.Warning, Message = "{Venue}/{Account} user-data key or session expired; reconnecting with a new one")]
    public static partial void ListenKeyExpired(ILogger logger, string venue, string account);

    [LoggerMessage(EventId = 17, Level = LogLevel.Warning, Message = "{Venue}/{Account} silent-stream check failed; trying again at the next one")]
    public static partial void SilentCheckFailed(ILogger logger, string venue, string account, Exception exception);

    // The venue's own words are the whole story (code and message); a stack trace would only bury them.
    [LoggerMessage(EventId = 30, Level = LogLevel.Error, Message = "{Venue}/{Account} stopped: the venue refused the key or signature: {Reason}")]
    public static partial void AccountStopped(ILogger logger, string venue, string account, string reason);

    [LoggerMessage(EventId = 31, Level = LogLevel.Warning, Message = "{Venue}/{Account} failed past the client's retries; starting again in {Delay}")]
    public static partial void AccountRetrying(ILogger logger, string venue, string account, TimeSpan delay, Exception exception);

    [LoggerMessage(EventId = 32, Level = LogLevel.Information, Message = "{Venue}/{Account} traded symbols grew from [{Before}] to [{After}]; restarting the follower to back-fill them")]
    public static partial void NewSymbols(ILogger logger, string venue, string account, IReadOnlyList<string> before, IReadOnlyList<string> after);

    [LoggerMessage(EventId = 33, Level = LogLevel.Warning, Message = "{Venue}/{Account} symbol discovery failed; trying again at the next one")]
    public static partial void DiscoveryFailed(ILogger logger, string venue, string account, Exception exception);

    [LoggerMessage(EventId = 18, Level = LogLevel.Error, Message = "{Venue}/{Account} user-data event could not be read; quarantined and skipped: {Problem}")]
    public static partial void UnreadableEvent(ILogger logger, string venue, string account, string problem);

    [LoggerMessage(EventId = 19, Level = LogLevel.Warning, Message = "{Venue}/{Account} periodic back-fill failed; trying again at the next one")]
    public static partial void SweepFailed(ILogger logger, string venue, string account, Exception exception);

    [LoggerMessage(EventId = 20, Level = LogLevel.Warning, Message = "{Venue}/{Account} periodic back-fill stored {Stored} fill(s) the stream had not delivered")]
    public static partial void SweepFoundMissed(ILogger logger, string venue, string account, int stored);

    [LoggerMessage(EventId = 34, Level = LogLevel.Critical, Message = "{Venue}/{Account} ended on an unexpected failure; stopping")]
    public static partial void AccountFailed(ILogger logger, string venue, string account, Exception exception);
}
