using System.Text.Json;
using Tally.Core;

namespace Tally.Exchanges.Binance;

/// <summary>
/// One row of spot <c>GET /api/v3/myTrades</c> (binance-wire.md §6.1), also a WebSocket API <c>myTrades</c>
/// result row. There is no side field: <see cref="IsBuyer"/> true is a BUY. Ids are per symbol and increasing.
/// </summary>
/// <param name="Id">Trade id (<c>id</c>); the same number as <c>t</c> in executionReport.</param>
/// <param name="OrderListId">-1 when not part of an order list.</param>
/// <param name="QuoteQuantity">price × qty (<c>quoteQty</c>); null when absent.</param>
/// <param name="Commission">Fee of this fill; keeps its sign; 0 when absent.</param>
/// <param name="CommissionAsset">The received asset by default (base on a buy, quote on a sell), or BNB; null when absent.</param>
/// <param name="Time">Execution time, Unix milliseconds.</param>
public sealed record BinanceSpotTrade(
    string Symbol,
    long Id,
    long OrderId,
    long OrderListId,
    decimal Price,
    decimal Quantity,
    decimal? QuoteQuantity,
    decimal Commission,
    string? CommissionAsset,
    long Time,
    bool IsBuyer,
    bool? IsMaker,
    bool? IsBestMatch)
{
    private const string What = "myTrades row";

    public Side Side => IsBuyer ? Side.Buy : Side.Sell;

    /// <summary>Parses a whole <c>myTrades</c> body (a JSON array of rows).</summary>
    /// <exception cref="FormatException">Not an array of rows, or a row misses or garbles a field (named in the message).</exception>
    public static IReadOnlyList<BinanceSpotTrade> ParseList(string json)
    {
        using var document = BinanceJsonObject.ParseDocument(json, What);
        return [.. BinanceJsonObject.RootArray(document.RootElement, What).Select(Read)];
    }

    /// <summary>Parses one row given as a JSON object.</summary>
    /// <exception cref="FormatException">A required field is missing or malformed (named in the message).</exception>
    public static BinanceSpotTrade Parse(string json)
    {
        using var document = BinanceJsonObject.ParseDocument(json, What);
        return Read(BinanceJsonObject.Of(document.RootElement, "", What));
    }

    /// <summary>Reads one row of a body already parsed; a field the wire model refuses comes back as the problem.</summary>
    public static BinanceFieldProblem? TryRead(JsonElement row, out BinanceSpotTrade? trade) =>
        BinanceJsonObject.TryRead(row, What, Read, out trade);

    internal static BinanceSpotTrade Read(BinanceJsonObject row) => new(
        Symbol: row.String("symbol"),
        Id: row.Int64("id"),
        OrderId: row.Int64("orderId"),
        OrderListId: row.OptionalInt64("orderListId") ?? -1L,
        Price: row.Decimal("price"),
        Quantity: row.Decimal("qty"),
        QuoteQuantity: row.OptionalDecimal("quoteQty"),
        Commission: row.OptionalDecimal("commission") ?? 0m,
        CommissionAsset: BinanceText.NonEmpty(row.OptionalString("commissionAsset")),
        Time: row.Int64("time"),
        IsBuyer: row.Boolean("isBuyer"),
        IsMaker: row.OptionalBoolean("isMaker"),
        IsBestMatch: row.OptionalBoolean("isBestMatch"));
}
