using System.Text.Json;
using Tally.Core;

namespace Tally.Exchanges.Binance;

/// <summary>
/// One row of USD-M <c>GET /fapi/v1/userTrades</c>: a single fill of one order. Rows arrive oldest first;
/// <see cref="Id"/> is per symbol and increasing, so (symbol, id) is the identity to de-duplicate on.
/// </summary>
/// <param name="Id">Trade id (<c>id</c>); the same number as <c>t</c> in ORDER_TRADE_UPDATE.</param>
/// <param name="Quantity">Filled quantity (<c>qty</c>), always positive.</param>
/// <param name="QuoteQuantity">price × qty in the quote asset (<c>quoteQty</c>); null when absent.</param>
/// <param name="RealizedPnl">PnL this fill realised, before fees (<c>realizedPnl</c>); 0 when absent.</param>
/// <param name="Commission">Fee of this fill (<c>commission</c>); negative is a rebate and keeps its sign; 0 when absent.</param>
/// <param name="CommissionAsset">Asset of the fee (USDT, BNB, BNFCR…); null when absent.</param>
/// <param name="Time">Execution time, Unix milliseconds (<c>time</c>).</param>
/// <param name="PositionSide">BOTH in one-way mode, LONG/SHORT in hedge mode; BOTH when absent.</param>
public sealed record BinanceUserTrade(
    string Symbol,
    long Id,
    long OrderId,
    Side Side,
    decimal Price,
    decimal Quantity,
    decimal? QuoteQuantity,
    decimal RealizedPnl,
    string? MarginAsset,
    decimal Commission,
    string? CommissionAsset,
    long Time,
    PositionSide PositionSide,
    bool? IsBuyer,
    bool? IsMaker)
{
    private const string What = "userTrades row";

    /// <summary>Parses a whole <c>userTrades</c> response body (a JSON array of rows).</summary>
    /// <exception cref="FormatException">The body is not an array of rows, or a row misses or garbles a field (named in the message).</exception>
    public static IReadOnlyList<BinanceUserTrade> ParseList(string json)
    {
        using var document = BinanceJsonObject.ParseDocument(json, What);
        return [.. BinanceJsonObject.RootArray(document.RootElement, What).Select(Read)];
    }

    /// <summary>Parses one row given as a JSON object.</summary>
    /// <exception cref="FormatException">A required field is missing or a field is malformed (named in the message).</exception>
    public static BinanceUserTrade Parse(string json)
    {
        using var document = BinanceJsonObject.ParseDocument(json, What);
        return Read(BinanceJsonObject.Of(document.RootElement, "", What));
    }

    /// <summary>Reads one row of a body already parsed; a field the wire model refuses comes back as the problem.</summary>
    public static BinanceFieldProblem? TryRead(JsonElement row, out BinanceUserTrade? trade) =>
        BinanceJsonObject.TryRead(row, What, Read, out trade);

    internal static BinanceUserTrade Read(BinanceJsonObject row) => new(
        Symbol: row.String("symbol"),
        Id: row.Int64("id"),
        OrderId: row.Int64("orderId"),
        Side: row.Side("side"),
        Price: row.Decimal("price"),
        Quantity: row.Decimal("qty"),
        QuoteQuantity: row.OptionalDecimal("quoteQty"),
        RealizedPnl: row.OptionalDecimal("realizedPnl") ?? 0m,
        MarginAsset: row.OptionalString("marginAsset"),
        Commission: row.OptionalDecimal("commission") ?? 0m,
        CommissionAsset: BinanceText.NonEmpty(row.OptionalString("commissionAsset")),
        Time: row.Int64("time"),
        PositionSide: row.OptionalPositionSide("positionSide") ?? PositionSide.Both,
        IsBuyer: row.OptionalBoolean("buyer"),
        IsMaker: row.OptionalBoolean("maker"));
}
