using System.Text.Json;
using Tally.Core;

namespace Tally.Import;

/// <summary>
/// Bodies of Binance USD-M <c>GET /fapi/v1/userTrades</c>: a JSON array of trade objects, or several such
/// pages saved one after another (<c>[...][...]</c>, or one per line).
/// </summary>
/// <remarks>
/// <para>
/// Fields used: <c>symbol</c>, <c>id</c> (the trade id), <c>orderId</c>, <c>side</c>, <c>price</c>,
/// <c>qty</c>, <c>commission</c> (kept signed: negative is a maker rebate), <c>commissionAsset</c>,
/// <c>time</c> (Unix ms) and <c>positionSide</c> (BOTH/LONG/SHORT; BOTH when absent). Required: symbol,
/// id, side, price, qty. Ignored: realizedPnl, quoteQty, marginAsset, buyer, maker.
/// </para>
/// <para>
/// Ids and times are accepted as JSON numbers or strings and read as int64 (ids above 2^53 keep every
/// digit); decimals as strings or numbers, parsed from the text that was sent, never through double.
/// </para>
/// <para>
/// A bad record is a <see cref="RowError"/> whose <see cref="RowError.Line"/> is the record number
/// (1-based, counted across pages) and whose column is the JSON field name; reading goes on. Each fill
/// keeps its record's JSON in <see cref="ParsedFill.Raw"/>.
/// </para>
/// </remarks>
public static class BinanceFuturesTradesJson
{
    public const string DefaultVenue = "binance-futures";

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

        // Every field is read (so each out value is assigned); the first problem in field order is reported.
        var problem = BinanceJsonRecord.First(
            record.RequiredText("symbol", out var symbol),
            record.RequiredId("id", out var tradeId),
            record.OptionalId("orderId", out var orderId),
            record.RequiredSide("side", out var side),
            record.RequiredPositiveDecimal("price", out var price),
            record.RequiredPositiveDecimal("qty", out var qty),
            record.OptionalDecimal("commission", out var commission),
            record.OptionalUnixMilliseconds("time", out var time),
            record.OptionalPositionSide("positionSide", out var positionSide));
        if (problem is not null)
        {
            return RowResult.Bad(problem);
        }

        var commissionAsset = record.Text("commissionAsset").Trim();
        var fill = new Fill(
            Venue: options.Venue ?? DefaultVenue,
            Account: options.Account ?? Fill.DefaultAccount,
            Symbol: symbol,
            Side: side,
            PositionSide: positionSide,
            Quantity: qty,
            Price: price,
            Fee: commission,
            FeeAsset: commissionAsset.Length > 0 ? commissionAsset : null,
            TradeId: tradeId,
            Timestamp: time,
            OrderId: orderId);

        return checks.Check(record.Number, fill, symbol, record.Text("positionSide"), tradeId) is { } refused
            ? RowResult.Bad(InJsonTerms(refused))
            : RowResult.Ok(new ParsedFill(record.Number, fill, record.Raw));
    }

    // FillRowChecks names columns as the Tally CSV does; report them as the fields of this payload.
    private static RowError InJsonTerms(RowError error) => error with
    {
        Column = error.Column switch
        {
            "position_side" => "positionSide",
            "fee" => "commission",
            "trade_id" => "id",
            var column => column,
        },
    };
}
