namespace Tally.PaperExchange.Wire;

/// <summary>POST /fapi/v1/order answer (ACK or RESULT); no fills array on fapi.</summary>
public sealed record OrderResponse(
    long OrderId,
    string Symbol,
    string Status,
    string ClientOrderId,
    string Price,
    string AvgPrice,
    string OrigQty,
    string ExecutedQty,
    string CumQty,
    string CumQuote,
    string TimeInForce,
    string Type,
    bool ReduceOnly,
    bool ClosePosition,
    string Side,
    string PositionSide,
    string StopPrice,
    string WorkingType,
    bool PriceProtect,
    string OrigType,
    string PriceMatch,
    string SelfTradePreventionMode,
    long GoodTillDate,
    long UpdateTime);
