using Microsoft.Extensions.Logging;

namespace Tally.Engine.Dispatch;

/// <summary>The dispatcher's log messages (the earlier system's lines among them); event ids are stable.</summary>
internal static partial class DispatchLog
{
    [LoggerMessage(EventId = 60, Level = LogLevel.Information, Message = "{Venue}/{Account} signal {SignalId} ({StrategyId} {Action} {Symbol}, confidence {Confidence}) {Decision}: {Reason}")]
    public static partial void SignalDecided(ILogger logger, string venue, string account, string signalId, string strategyId, Tally.Core.Signals.SignalAction action, string symbol, decimal confidence, string decision, string reason);

    [LoggerMessage(EventId = 61, Level = LogLevel.Information, Message = "{Venue}/{Account} order {ClientOrderId} sent: {Side} {Quantity} {Symbol} {Kind} ({Purpose}), venue id {VenueOrderId}, {Status}")]
    public static partial void OrderSent(ILogger logger, string venue, string account, string clientOrderId, Tally.Core.Side side, decimal quantity, string symbol, Tally.Storage.OrderIntentKind kind, Tally.Core.Attribution.OrderPurpose purpose, string venueOrderId, Tally.Storage.OrderIntentStatus status);

    [LoggerMessage(EventId = 62, Level = LogLevel.Warning, Message = "{Venue}/{Account} order {ClientOrderId} ({Kind} {Symbol}) refused by the venue: {Message}")]
    public static partial void OrderRefused(ILogger logger, string venue, string account, string clientOrderId, Tally.Storage.OrderIntentKind kind, string symbol, string message);

    [LoggerMessage(EventId = 63, Level = LogLevel.Warning, Message = "{Venue}/{Account} order {ClientOrderId} ({Kind} {Symbol}), attempt {Attempt}: failed or outcome unknown ({Message}); looked up by client order id in {Delay}, never sent twice")]
    public static partial void OrderUnknown(ILogger logger, string venue, string account, string clientOrderId, Tally.Storage.OrderIntentKind kind, string symbol, int attempt, string message, TimeSpan delay);

    [LoggerMessage(EventId = 64, Level = LogLevel.Information, Message = "Strategy position created: {StrategyPositionId} of {StrategyId} on {Venue}/{Account} {Symbol} {Side} {Quantity} @ {EntryPrice} (TP {TakeProfit}, SL {StopLoss})")]
    public static partial void PositionCreated(ILogger logger, string strategyPositionId, string strategyId, string venue, string account, string symbol, string side, decimal quantity, decimal entryPrice, decimal? takeProfit, decimal? stopLoss);

    [LoggerMessage(EventId = 65, Level = LogLevel.Information, Message = "Strategy position closed: {StrategyPositionId} of {StrategyId} on {Venue}/{Account} {Symbol}, reason {Reason}, exit price {ExitPrice}, PnL {RealizedPnl} ({RealizedPnlPct} %), net {NetPnl}")]
    public static partial void PositionClosed(ILogger logger, string strategyPositionId, string strategyId, string venue, string account, string symbol, string reason, decimal? exitPrice, decimal realizedPnl, decimal? realizedPnlPct, decimal netPnl);

    [LoggerMessage(EventId = 66, Level = LogLevel.Warning, Message = "No signal found for order {OrderId} ({Venue}/{Account} {Symbol}, client order id {ClientOrderId}): its fill is attributed to strategy manual")]
    public static partial void NoSignalFound(ILogger logger, string orderId, string venue, string account, string symbol, string clientOrderId);

    [LoggerMessage(EventId = 67, Level = LogLevel.Warning, Message = "{Venue}/{Account} does not take conditional orders: TP {TakeProfit} / SL {StopLoss} of strategy position {StrategyPositionId} ({Symbol}) stay on the position for the risk monitor to watch")]
    public static partial void ConditionalUnsupported(ILogger logger, string venue, string account, string strategyPositionId, string symbol, decimal? takeProfit, decimal? stopLoss);

    [LoggerMessage(EventId = 68, Level = LogLevel.Information, Message = "{Venue}/{Account} {Kind} {ClientOrderId} of strategy position {StrategyPositionId} cancelled: {Why}")]
    public static partial void ConditionalCanceled(ILogger logger, string venue, string account, Tally.Storage.OrderIntentKind kind, string clientOrderId, string strategyPositionId, string why);

    [LoggerMessage(EventId = 69, Level = LogLevel.Warning, Message = "{Venue}/{Account} recovery: pending order {ClientOrderId} ({Kind} {Symbol}) is {Outcome}")]
    public static partial void Recovered(ILogger logger, string venue, string account, string clientOrderId, Tally.Storage.OrderIntentKind kind, string symbol, string outcome);

    [LoggerMessage(EventId = 70, Level = LogLevel.Warning, Message = "{Venue}/{Account} dispatcher step failed; it goes on with the next")]
    public static partial void StepFailed(ILogger logger, string venue, string account, Exception exception);

    [LoggerMessage(EventId = 71, Level = LogLevel.Warning, Message = "{Venue}/{Account} runs in {VenueMode} mode but POSITION_MODE says {Configured}: deciding and ordering by the venue's mode")]
    public static partial void ModeMismatch(ILogger logger, string venue, string account, string venueMode, string configured);

    [LoggerMessage(EventId = 72, Level = LogLevel.Warning, Message = "{Venue}/{Account} {Kind} {ClientOrderId} of strategy position {StrategyPositionId} is not held by the venue ({Why}): the risk monitor watches its levels")]
    public static partial void LevelsHandedOver(ILogger logger, string venue, string account, Tally.Storage.OrderIntentKind kind, string clientOrderId, string strategyPositionId, string why);

    [LoggerMessage(EventId = 73, Level = LogLevel.Information, Message = "{Venue}/{Account} order {ClientOrderId} ({Kind} {Symbol}) followed up, attempt {Attempt}: {Outcome} ({Detail})")]
    public static partial void FollowedUp(ILogger logger, string venue, string account, string clientOrderId, Tally.Storage.OrderIntentKind kind, string symbol, int attempt, string outcome, string detail);

    [LoggerMessage(EventId = 75, Level = LogLevel.Information, Message = "{Venue}/{Account} order {ClientOrderId} ({Kind} {Symbol}) followed up, attempt {Attempt}: found on the venue ({Status}), not sent again")]
    public static partial void FoundOnFollowUp(ILogger logger, string venue, string account, string clientOrderId, Tally.Storage.OrderIntentKind kind, string symbol, int attempt, Tally.Storage.OrderIntentStatus status);

    [LoggerMessage(EventId = 74, Level = LogLevel.Warning, Message = "{Venue}/{Account} follow-up of order {ClientOrderId} failed; tried again in {Delay}")]
    public static partial void FollowUpFailed(ILogger logger, string venue, string account, string clientOrderId, TimeSpan delay, Exception exception);

    [LoggerMessage(EventId = 77, Level = LogLevel.Warning, Message = "{Venue}/{Account} strategy position {StrategyPositionId} holds {OpenQuantity} {Symbol}, below the venue's quantity step: no exit order can carry it (spot dust)")]
    public static partial void ExitBelowStep(ILogger logger, string venue, string account, string strategyPositionId, string symbol, decimal openQuantity);

    [LoggerMessage(EventId = 76, Level = LogLevel.Warning, Message = "{Venue}/{Account} cancelling order {ClientOrderId} failed: it may still stand on the venue")]
    public static partial void CancelFailed(ILogger logger, string venue, string account, string clientOrderId, Exception exception);
}
