using Tally.Core;

namespace Tally.Exchanges.Binance;

/// <summary>
/// The body of USD-M <c>POST /fapi/v1/order</c> (ACK or RESULT). There is no fills array on futures:
/// fills come from the user-data stream or <c>userTrades</c>.
/// </summary>
/// <remarks>
/// Required: orderId, symbol, status, clientOrderId, side, type — the fields spot (<c>/api/v3/order</c>)
/// and margin (<c>/sapi/v1/margin/order</c>) answers share, so those parse too, with the futures-only
/// fields (avgPrice, cumQuote, positionSide, reduceOnly, updateTime…) null. Their time is
/// <see cref="TransactTime"/> instead of <see cref="UpdateTime"/>.
/// </remarks>
/// <param name="OrderId">Exchange order id; int64, may exceed 2^53.</param>
/// <param name="Status">NEW, PARTIALLY_FILLED, FILLED, CANCELED, REJECTED, EXPIRED, EXPIRED_IN_MATCH, as sent.</param>
/// <param name="PositionSide">BOTH/LONG/SHORT on futures; null on spot and margin.</param>
/// <param name="UpdateTime">Futures: last change, Unix milliseconds.</param>
/// <param name="TransactTime">Spot and margin: acceptance time, Unix milliseconds.</param>
public sealed record BinanceNewOrderResponse(
    long OrderId,
    string Symbol,
    string Status,
    string ClientOrderId,
    Side Side,
    string Type,
    decimal? Price,
    decimal? AveragePrice,
    decimal? OriginalQuantity,
    decimal? ExecutedQuantity,
    decimal? CumulativeQuantity,
    decimal? CumulativeQuote,
    string? TimeInForce,
    bool? ReduceOnly,
    bool? ClosePosition,
    PositionSide? PositionSide,
    decimal? StopPrice,
    string? WorkingType,
    bool? PriceProtect,
    string? OriginalType,
    string? PriceMatch,
    string? SelfTradePreventionMode,
    long? GoodTillDate,
    long? UpdateTime,
    long? TransactTime)
{
    private const string What = "new order response";

    /// <exception cref="FormatException">A required field is missing or a field is malformed (named in the message).</exception>
    public static BinanceNewOrderResponse Parse(string json)
    {
        using var document = BinanceJsonObject.ParseDocument(json, What);
        return Read(BinanceJsonObject.Of(document.RootElement, "", What));
    }

    internal static BinanceNewOrderResponse Read(BinanceJsonObject body) => new(
        OrderId: body.Int64("orderId"),
        Symbol: body.String("symbol"),
        Status: body.String("status"),
        ClientOrderId: body.String("clientOrderId"),
        Side: body.Side("side"),
        Type: body.String("type"),
        Price: body.OptionalDecimal("price"),
        AveragePrice: body.OptionalDecimal("avgPrice"),
        OriginalQuantity: body.OptionalDecimal("origQty"),
        ExecutedQuantity: body.OptionalDecimal("executedQty"),
        CumulativeQuantity: body.OptionalDecimal("cumQty"),
        CumulativeQuote: body.OptionalDecimal("cumQuote"),
        TimeInForce: body.OptionalString("timeInForce"),
        ReduceOnly: body.OptionalBoolean("reduceOnly"),
        ClosePosition: body.OptionalBoolean("closePosition"),
        PositionSide: body.OptionalPositionSide("positionSide"),
        StopPrice: body.OptionalDecimal("stopPrice"),
        WorkingType: body.OptionalString("workingType"),
        PriceProtect: body.OptionalBoolean("priceProtect"),
        OriginalType: body.OptionalString("origType"),
        PriceMatch: body.OptionalString("priceMatch"),
        SelfTradePreventionMode: body.OptionalString("selfTradePreventionMode"),
        GoodTillDate: body.OptionalInt64("goodTillDate"),
        UpdateTime: body.OptionalInt64("updateTime"),
        TransactTime: body.OptionalInt64("transactTime"));
}
