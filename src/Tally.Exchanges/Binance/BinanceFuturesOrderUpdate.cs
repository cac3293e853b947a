using Tally.Core;

namespace Tally.Exchanges.Binance;

/// <summary>
/// The order object <c>o</c> of a USD-M <c>ORDER_TRADE_UPDATE</c>: the order's state after one change and,
/// when the change is a fill, that fill (<c>l</c> at <c>L</c>, trade id <c>t</c>, fee <c>n</c> in <c>N</c>).
/// </summary>
/// <remarks>
/// Execution type, status and order type stay strings as sent: Binance adds values (AMENDMENT,
/// EXPIRED_IN_MATCH, LIQUIDATION) faster than a closed enum could follow, and nothing here branches on
/// them except <see cref="IsFill"/>. Required: s, c, S, o, q, p, x, X, i, l, z, L, T; the rest is
/// optional because the Portfolio-Margin variant drops wt/ot/cp and older payloads lack n/N.
/// </remarks>
/// <param name="ClientOrderId"><c>c</c>: ours, or <c>autoclose-…</c> (liquidation), <c>adl_autoclose…</c> (ADL), <c>settlement_autoclose-…</c>.</param>
/// <param name="ExecutionType"><c>x</c>: NEW, CANCELED, CALCULATED (liquidation fill), EXPIRED, TRADE, AMENDMENT.</param>
/// <param name="OrderStatus"><c>X</c>: NEW, PARTIALLY_FILLED, FILLED, CANCELED, EXPIRED, EXPIRED_IN_MATCH.</param>
/// <param name="LastFilledQuantity"><c>l</c>: quantity of this fill; 0 when the change is not a fill.</param>
/// <param name="LastFilledPrice"><c>L</c>: price of this fill.</param>
/// <param name="Commission"><c>n</c>: fee of this fill, 0 when absent; negative is a rebate and keeps its sign.</param>
/// <param name="CommissionAsset"><c>N</c>: null when absent.</param>
/// <param name="TradeTime"><c>T</c> of the order object, Unix milliseconds: the fill's time (same as userTrades <c>time</c>).</param>
/// <param name="TradeId"><c>t</c>: the userTrades <c>id</c> of this fill; 0 when not a fill.</param>
/// <param name="PositionSide"><c>ps</c>; BOTH when absent.</param>
/// <param name="RealizedProfit"><c>rp</c>: PnL this fill realised, before fees; 0 when absent.</param>
public sealed record BinanceFuturesOrderUpdate(
    string Symbol,
    string ClientOrderId,
    Side Side,
    string OrderType,
    string? TimeInForce,
    decimal OriginalQuantity,
    decimal OriginalPrice,
    decimal? AveragePrice,
    decimal? StopPrice,
    string ExecutionType,
    string OrderStatus,
    long OrderId,
    decimal LastFilledQuantity,
    decimal CumulativeFilledQuantity,
    decimal LastFilledPrice,
    decimal Commission,
    string? CommissionAsset,
    long TradeTime,
    long TradeId,
    decimal? BidsNotional,
    decimal? AsksNotional,
    bool IsMaker,
    bool IsReduceOnly,
    string? WorkingType,
    string? OriginalOrderType,
    PositionSide PositionSide,
    bool? ClosePosition,
    decimal RealizedProfit,
    string? SelfTradePreventionMode,
    string? PriceMatch,
    long? GoodTillDate,
    string? ExpiryReason)
{
    /// <summary>
    /// True when this change is one fill: execution type TRADE, or CALCULATED (a liquidation fill), with a
    /// trade id and a positive quantity. Such a change maps 1:1 to a <c>userTrades</c> row with id <see cref="TradeId"/>.
    /// </summary>
    public bool IsFill =>
        ExecutionType is "TRADE" or "CALCULATED" && TradeId > 0 && LastFilledQuantity > 0m;

    /// <summary>Liquidation: the exchange closed the position (<c>c</c> = <c>autoclose-…</c>, or order type LIQUIDATION).</summary>
    public bool IsLiquidation =>
        ClientOrderId.StartsWith("autoclose-", StringComparison.Ordinal) || OrderType == "LIQUIDATION" || ExecutionType == "CALCULATED";

    /// <summary>Auto-deleveraging: the exchange reduced this position against a liquidated one (<c>c</c> = <c>adl_autoclose…</c>).</summary>
    public bool IsAutoDeleveraging => ClientOrderId.StartsWith("adl_autoclose", StringComparison.Ordinal);

    internal static BinanceFuturesOrderUpdate Read(BinanceJsonObject o) => new(
        Symbol: o.String("s"),
        ClientOrderId: o.String("c"),
        Side: o.Side("S"),
        OrderType: o.String("o"),
        TimeInForce: o.OptionalString("f"),
        OriginalQuantity: o.Decimal("q"),
        OriginalPrice: o.Decimal("p"),
        AveragePrice: o.OptionalDecimal("ap"),
        StopPrice: o.OptionalDecimal("sp"),
        ExecutionType: o.String("x"),
        OrderStatus: o.String("X"),
        OrderId: o.Int64("i"),
        LastFilledQuantity: o.Decimal("l"),
        CumulativeFilledQuantity: o.Decimal("z"),
        LastFilledPrice: o.Decimal("L"),
        Commission: o.OptionalDecimal("n") ?? 0m,
        CommissionAsset: BinanceText.NonEmpty(o.OptionalString("N")),
        TradeTime: o.Int64("T"),
        TradeId: o.OptionalInt64("t") ?? 0L,
        BidsNotional: o.OptionalDecimal("b"),
        AsksNotional: o.OptionalDecimal("a"),
        IsMaker: o.OptionalBoolean("m") ?? false,
        IsReduceOnly: o.OptionalBoolean("R") ?? false,
        WorkingType: o.OptionalString("wt"),
        OriginalOrderType: o.OptionalString("ot"),
        PositionSide: o.OptionalPositionSide("ps") ?? PositionSide.Both,
        ClosePosition: o.OptionalBoolean("cp"),
        RealizedProfit: o.OptionalDecimal("rp") ?? 0m,
        SelfTradePreventionMode: o.OptionalString("V"),
        PriceMatch: o.OptionalString("pm"),
        GoodTillDate: o.OptionalInt64("gtd"),
        ExpiryReason: o.OptionalString("er"));
}
