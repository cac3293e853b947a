using Tally.Core;

namespace Tally.Exchanges.Binance;

/// <summary>
/// A conditional order as USD-M <c>POST|GET /fapi/v1/algoOrder</c> answers it (algoType CONDITIONAL). Once
/// triggered, the venue places a normal order whose client order id is <see cref="ClientAlgoId"/>.
/// </summary>
/// <param name="OrderType">STOP_MARKET, TAKE_PROFIT_MARKET, TRAILING_STOP_MARKET …, as sent.</param>
/// <param name="AlgoStatus">NEW, TRIGGERING, TRIGGERED, FINISHED, CANCELED, EXPIRED, REJECTED, as sent.</param>
/// <param name="ActualOrderId">The triggered order's id; null until triggered.</param>
public sealed record BinanceAlgoOrder(
    long AlgoId,
    string ClientAlgoId,
    string OrderType,
    string Symbol,
    Side Side,
    PositionSide? PositionSide,
    decimal? Quantity,
    decimal? TriggerPrice,
    string AlgoStatus,
    string? ActualOrderId,
    bool? ReduceOnly,
    bool? ClosePosition,
    long? CreateTime,
    long? UpdateTime)
{
    private const string What = "algo order";

    /// <summary>Still waiting for its trigger (NEW) or being triggered.</summary>
    public bool IsOpen => AlgoStatus is "NEW" or "TRIGGERING";

    /// <exception cref="FormatException">A required field is missing or malformed (named in the message).</exception>
    public static BinanceAlgoOrder Parse(string json)
    {
        using var document = BinanceJsonObject.ParseDocument(json, What);
        var o = BinanceJsonObject.Of(document.RootElement, "", What);
        var actual = o.OptionalString("actualOrderId");
        return new BinanceAlgoOrder(
            o.Int64("algoId"),
            o.String("clientAlgoId"),
            o.String("orderType"),
            o.String("symbol"),
            o.Side("side"),
            o.OptionalPositionSide("positionSide"),
            o.OptionalDecimal("quantity"),
            o.OptionalDecimal("triggerPrice"),
            o.String("algoStatus"),
            string.IsNullOrEmpty(actual) ? null : actual,
            o.OptionalBoolean("reduceOnly"),
            o.OptionalBoolean("closePosition"),
            o.OptionalInt64("createTime"),
            o.OptionalInt64("updateTime"));
    }
}
