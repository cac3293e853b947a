namespace Tally.PaperExchange.Wire;

/// <summary>
/// One algo order as POST/GET /fapi/v1/algoOrder and GET /fapi/v1/openAlgoOrders answer it. actualOrderId is a
/// string ("" until triggered), as Binance writes it; activatePrice and callbackRate are "" for non-trailing types.
/// </summary>
public sealed record AlgoOrderResponse(
    long AlgoId,
    string ClientAlgoId,
    string AlgoType,
    string OrderType,
    string Symbol,
    string Side,
    string PositionSide,
    string TimeInForce,
    string Quantity,
    string AlgoStatus,
    string ActualOrderId,
    string ActualPrice,
    string TriggerPrice,
    string Price,
    string SelfTradePreventionMode,
    string WorkingType,
    string PriceMatch,
    bool ClosePosition,
    bool PriceProtect,
    bool ReduceOnly,
    string ActivatePrice,
    string CallbackRate,
    long CreateTime,
    long UpdateTime,
    long TriggerTime,
    long GoodTillDate);
