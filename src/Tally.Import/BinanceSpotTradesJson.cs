using System.Text.Json;
using Tally.Core;

namespace Tally.Import;

/// <summary>
/// Bodies of Binance spot <c>GET /api/v3/myTrades</c> (a JSON array of trade objects, or several pages
/// saved one after another), and WebSocket API <c>myTrades</c> responses, whose <c>result</c> is that array.
/// </summary>
/// <remarks>
/// <para>
/// Fields used: <c>symbol</c>, <c>id</c> (the trade id), <c>orderId</c>, <c>price</c>, <c>qty</c>,
/// <c>commission</c> (signed), <c>commissionAsset</c> (the received asset by default, BNB with the BNB fee
/// discount), <c>time</c> (Unix ms) and <c>isBuyer</c>: spot trades carry no side, so true is BUY and false
/// SELL. Required: symbol, id, price, qty, isBuyer. Ignored: quoteQty, isMaker, isBestMatch, orderListId.
/// Spot has no position sides, so every fill is BOTH.
/// </para>
/// <para>
/// Numbers-or-strings tolerance, record numbering and <see cref="ParsedFill.Raw"/> work as in
/// <see cref="BinanceFuturesTradesJson"/>. A fee in the base asset is only checked against the quantity
/// when <see cref="FillReadOptions.Instruments"/> knows the symbol as a spot instrument.
/// </para>
/// </remarks>
public static class BinanceSpotTradesJson
{
    public const string DefaultVenue = "binance-spot";

    /// <summary>Reads every record in file order.</summary>
    /// <exception cref="InputFileException">The file is empty, is not JSON, or holds something other than trade pages.</exception>
    public static IEnumerable<RowResult> Read(TextReader text, string source, FillReadOptions options)
    {
        var pages = BinanceJsonPages.Read(text, source);
        return ReadRecords(pages, options);
    }

    private static IEnumerable<RowResult> ReadRecords(IReadOnlyList<JsonElement> pages, FillReadOptions options)
    {
        var checks = new FillRowChecks(options);
        foreach (var (number, element) in BinanceJsonPages.Records(pages))
        {
            yield return ReadRecord(new BinanceJsonRecord(number, element), options, checks);
        }
    }

    private static RowResult ReadRecord(BinanceJsonRecord record, FillReadOptions options, FillRowChecks checks)
    {
        if (!record.IsObject)
        {
            return RowResult.Bad(record.NotAnObject());
        }

        var problem = BinanceJsonRecord.First(
            record.RequiredText("symbol", out var symbol),
            record.RequiredId("id", out var tradeId),
            record.OptionalId("orderId", out var orderId),
            record.RequiredBool("isBuyer", out var isBuyer),
            record.RequiredPositiveDecimal("price", out var price),
            record.RequiredPositiveDecimal("qty", out var qty),
            record.OptionalDecimal("commission", out var commission),
            record.OptionalUnixMilliseconds("time", out var time));
        if (problem is not null)
        {
            return RowResult.Bad(problem);
        }

        var commissionAsset = record.Text("commissionAsset").Trim();
        var fill = new Fill(
            Venue: options.Venue ?? DefaultVenue,
            Account: options.Account ?? Fill.DefaultAccount,
            Symbol: symbol,
            Side: isBuyer ? Side.Buy : Side.Sell,
            PositionSide: PositionSide.Both,
            Quantity: qty,
            Price: price,
            Fee: commission,
            FeeAsset: commissionAsset.Length > 0 ? commissionAsset : null,
            TradeId: tradeId,
            Timestamp: time,
            OrderId: orderId);

        return checks.Check(record.Number, fill, symbol, PositionSide.Both.ToWireName(), tradeId) is { } refused
            ? RowResult.Bad(InJsonTerms(refused))
            : RowResult.Ok(new ParsedFill(record.Number, fill, record.Raw));
    }

    // FillRowChecks names columns as the Tally CSV does; report them as the fields of this payload.
    private static RowError InJsonTerms(RowError error) => error with
    {
        Column = error.Column switch
        {
            // Spot sends no position side; the BOTH that Tally gives every spot fill is refused in hedge mode.
            "position_side" => "positionSide",
            "fee" => "commission",
            "trade_id" => "id",
            var column => column,
        },
    };
}
