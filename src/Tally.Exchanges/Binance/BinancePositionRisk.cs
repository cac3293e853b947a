using Tally.Core;

namespace Tally.Exchanges.Binance;

/// <summary>
/// One row of USD-M <c>GET /fapi/v2/positionRisk</c> (also v3, and the WebSocket API <c>account.position</c>
/// result): the exchange's view of one (symbol, position side) book, flat rows included.
/// </summary>
/// <remarks>
/// One-way mode gives one BOTH row per symbol whose <see cref="PositionAmount"/> sign is the direction;
/// hedge mode gives a LONG row (amount ≥ 0) and a SHORT row (amount ≤ 0). Reconcile on (symbol, side).
/// Only symbol, positionSide, positionAmt and entryPrice are required: v3 drops leverage, marginType,
/// maxNotionalValue and isAutoAddMargin, and COIN-M rows have no <c>notional</c>.
/// </remarks>
/// <param name="PositionAmount">Signed size (<c>positionAmt</c>): negative is short.</param>
/// <param name="UnrealizedProfit">Unrealised PnL (<c>unRealizedProfit</c>, capital R on the wire); 0 when absent.</param>
/// <param name="MarginType"><c>cross</c> or <c>isolated</c> as sent (lower case here); null when absent (v3).</param>
/// <param name="UpdateTime">Last change, Unix milliseconds; 0 for a book that never held a position.</param>
public sealed record BinancePositionRisk(
    string Symbol,
    PositionSide PositionSide,
    decimal PositionAmount,
    decimal EntryPrice,
    decimal? BreakEvenPrice,
    decimal? MarkPrice,
    decimal UnrealizedProfit,
    decimal? LiquidationPrice,
    int? Leverage,
    decimal? MaxNotionalValue,
    string? MarginType,
    decimal? IsolatedMargin,
    bool? IsAutoAddMargin,
    decimal? Notional,
    decimal? IsolatedWallet,
    long UpdateTime)
{
    private const string What = "positionRisk row";

    /// <summary>Parses a whole response body (a JSON array of rows).</summary>
    /// <exception cref="FormatException">The body is not an array of rows, or a row misses or garbles a field (named in the message).</exception>
    public static IReadOnlyList<BinancePositionRisk> ParseList(string json)
    {
        using var document = BinanceJsonObject.ParseDocument(json, What);
        return [.. BinanceJsonObject.RootArray(document.RootElement, What).Select(Read)];
    }

    internal static BinancePositionRisk Read(BinanceJsonObject row) => new(
        Symbol: row.String("symbol"),
        PositionSide: row.PositionSide("positionSide"),
        PositionAmount: row.Decimal("positionAmt"),
        EntryPrice: row.Decimal("entryPrice"),
        BreakEvenPrice: row.OptionalDecimal("breakEvenPrice"),
        MarkPrice: row.OptionalDecimal("markPrice"),
        UnrealizedProfit: row.OptionalDecimal("unRealizedProfit") ?? 0m,
        LiquidationPrice: row.OptionalDecimal("liquidationPrice"),
        Leverage: row.OptionalInt32("leverage"),
        MaxNotionalValue: row.OptionalDecimal("maxNotionalValue"),
        MarginType: row.OptionalString("marginType"),
        IsolatedMargin: row.OptionalDecimal("isolatedMargin"),
        IsAutoAddMargin: row.OptionalBoolean("isAutoAddMargin"),
        Notional: row.OptionalDecimal("notional"),
        IsolatedWallet: row.OptionalDecimal("isolatedWallet"),
        UpdateTime: row.OptionalInt64("updateTime") ?? 0L);
}
