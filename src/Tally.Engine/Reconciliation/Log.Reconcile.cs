using Microsoft.Extensions.Logging;

namespace Tally.Engine.Reconciliation;

internal static partial class ReconcileLog
{
    [LoggerMessage(EventId = 90, Level = LogLevel.Information, Message = "{Venue}/{Account} reconciled {Keys} key(s) against positionRisk after back-filling {Backfilled} fill(s): all in sync")]
    public static partial void InSync(ILogger logger, string venue, string account, int keys, int backfilled);

    [LoggerMessage(EventId = 91, Level = LogLevel.Warning, Message = "{Venue}/{Account} reconcile {Kind} {Symbol} {PositionSide}: local {LocalQuantity} @ {LocalEntry}, exchange {ExchangeQuantity} @ {ExchangeEntry}; {Correction} {TradeIds}")]
    public static partial void Found(ILogger logger, string venue, string account, string kind, string symbol, string positionSide, string localQuantity, string localEntry, string exchangeQuantity, string exchangeEntry, string correction, string tradeIds);

    [LoggerMessage(EventId = 92, Level = LogLevel.Error, Message = "{Venue}/{Account} reconcile {Kind} {Symbol} {PositionSide}: the adjustment was not stored: {Problem}")]
    public static partial void Refused(ILogger logger, string venue, string account, string kind, string symbol, string positionSide, string problem);

    [LoggerMessage(EventId = 94, Level = LogLevel.Information, Message = "{Venue}/{Account} reconcile left {Keys} for the next pass: their positionRisk changed during this one")]
    public static partial void Moving(ILogger logger, string venue, string account, string keys);

    [LoggerMessage(EventId = 93, Level = LogLevel.Warning, Message = "{Venue}/{Account} reconcile failed; trying again at the next one")]
    public static partial void Failed(ILogger logger, string venue, string account, Exception exception);

    [LoggerMessage(EventId = 95, Level = LogLevel.Information, Message = "{Venue}/{Account} reconciled {Keys} spot asset(s) against the account's balances after back-filling {Backfilled} fill(s): all in sync")]
    public static partial void SpotInSync(ILogger logger, string venue, string account, int keys, int backfilled);

    [LoggerMessage(EventId = 96, Level = LogLevel.Information, Message = "{Venue}/{Account} reconcile left {Assets} for the next pass: their balance changed during this one")]
    public static partial void SpotMoving(ILogger logger, string venue, string account, string assets);
}
