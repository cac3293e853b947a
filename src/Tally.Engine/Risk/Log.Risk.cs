using Microsoft.Extensions.Logging;

namespace Tally.Engine.Risk;

/// <summary>The live risk monitor's log messages; event ids 80–89 are stable.</summary>
internal static partial class RiskLog
{
    [LoggerMessage(EventId = 80, Level = LogLevel.Information, Message = "Risk monitor started: wallet {Wallet}, gate {Gate}, breaker halted {Halted}, {Positions} open strategy positions, watching {Symbols}")]
    public static partial void Started(ILogger logger, decimal wallet, Tally.Core.Signals.RiskGate gate, bool halted, int positions, string symbols);

    [LoggerMessage(EventId = 81, Level = LogLevel.Information, Message = "Risk stats: {Ticks} ticks, {Evaluations} evaluations, {Events} events, {Exits} exits in the last {Interval}; health {Health}, drawdown {Drawdown}, gate {Gate}, {Positions} open, bus dropped {Dropped}")]
    public static partial void Stats(ILogger logger, long ticks, long evaluations, long events, long exits, TimeSpan interval, decimal? health, decimal? drawdown, Tally.Core.Signals.RiskGate gate, int positions, long dropped);

    [LoggerMessage(EventId = 82, Level = LogLevel.Warning, Message = "Risk event {Type} {StrategyPositionId} {Key} at {Price}: {Detail}")]
    public static partial void Event(ILogger logger, string type, string? strategyPositionId, string? key, decimal? price, string detail);

    [LoggerMessage(EventId = 83, Level = LogLevel.Warning, Message = "Risk exit of {StrategyPositionId} ({Venue}/{Account} {Symbol}, reason {Reason}): {Outcome}")]
    public static partial void Exit(ILogger logger, string strategyPositionId, string venue, string account, string symbol, string reason, string outcome);

    [LoggerMessage(EventId = 84, Level = LogLevel.Error, Message = "Risk monitor step failed")]
    public static partial void StepFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 85, Level = LogLevel.Warning, Message = "Risk market feed for {Symbols} ended; restarting")]
    public static partial void FeedFailed(ILogger logger, string symbols, Exception exception);

    [LoggerMessage(EventId = 86, Level = LogLevel.Warning, Message = "Risk monitor: the wallet balance could not be read")]
    public static partial void WalletFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 87, Level = LogLevel.Warning, Message = "Risk request {Id} ({Kind} {Target}): {Outcome}")]
    public static partial void Request(ILogger logger, long id, string kind, string? target, string outcome);

    [LoggerMessage(EventId = 88, Level = LogLevel.Warning, Message = "Risk monitor watches the take-profit / stop-loss of {StrategyPositionId} ({Venue}/{Account}): the venue does not hold them")]
    public static partial void LevelsWatched(ILogger logger, string strategyPositionId, string venue, string account);
}
