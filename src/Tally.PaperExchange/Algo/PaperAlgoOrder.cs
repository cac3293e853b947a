using Tally.Core;

namespace Tally.PaperExchange.Algo;

/// <summary>The state of one conditional order at a moment. Immutable: the venue replaces it when it changes.</summary>
/// <param name="Quantity">0 for a close-all order until it triggers.</param>
/// <param name="TriggerPrice">0 for a trailing stop.</param>
/// <param name="Extreme">Trailing stops: the highest (SELL) or lowest (BUY) price seen since placement.</param>
/// <param name="ActualOrderId">The MARKET order it became, once triggered.</param>
/// <param name="RejectReason">Why the triggered order was refused (ALGO_UPDATE rm).</param>
public sealed record PaperAlgoOrder(
    long AlgoId,
    string ClientAlgoId,
    PaperSymbol Symbol,
    AlgoOrderType Type,
    Side Side,
    PositionSide PositionSide,
    decimal Quantity,
    bool ClosePosition,
    bool ReduceOnly,
    decimal TriggerPrice,
    decimal? ActivatePrice,
    decimal? CallbackRate,
    WorkingType WorkingType,
    bool PriceProtect,
    string TimeInForce,
    AlgoStatus Status,
    DateTimeOffset CreateTime,
    DateTimeOffset UpdateTime,
    DateTimeOffset? TriggerTime = null,
    decimal? Extreme = null,
    long? ActualOrderId = null,
    decimal ExecutedQuantity = 0m,
    decimal AveragePrice = 0m,
    string? RejectReason = null);
