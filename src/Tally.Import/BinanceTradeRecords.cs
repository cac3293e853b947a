using System.Text.Json;
using Tally.Core;

namespace Tally.Import;

/// <summary>
/// The one reader behind <see cref="BinanceFuturesTradesJson"/> and <see cref="BinanceSpotTradesJson"/>: both
/// payloads are pages of trade objects that differ only in how a row says its side (futures <c>side</c> and
/// <c>positionSide</c>; spot <c>isBuyer</c> and no position side).
/// </summary>
internal static class BinanceTradeRecords
{
    public static IEnumerable<RowResult> Read(TextReader text, string source, FillReadOptions options, string defaultVenue, bool spot)
    {
        var pages = BinanceJsonPages.Read(text, source);
        return ReadRecords(pages, options, defaultVenue, spot);
    }

    private static IEnumerable<RowResult> ReadRecords(IReadOnlyList<JsonElement> pages, FillReadOptions options, string defaultVenue, bool spot)
    {
        var checks = new FillRowChecks(options);
        foreach (var (number, element) in BinanceJsonPages.Records(pages))
        {
            yield return ReadRecord(new BinanceJsonRecord(number, element), options, checks, defaultVenue, spot);
        }
    }

    private static RowResult ReadRecord(BinanceJsonRecord record, FillReadOptions options, FillRowChecks checks, string defaultVenue, bool spot)
    {
        if (!record.IsObject)
        {
            return RowResult.Bad(record.NotAnObject());
        }

        // Every field is read (so each out value is assigned); the first problem in field order is reported.
        var symbolProblem = record.RequiredText("symbol", out var symbol);
        var idProblem = record.RequiredId("id", out var tradeId);
        var orderProblem = record.OptionalId("orderId", out var orderId);
        var side = Side.Buy;
        var sideProblem = spot
            ? record.RequiredBool("isBuyer", out var isBuyer) ?? Assign(isBuyer ? Side.Buy : Side.Sell, out side)
            : record.RequiredSide("side", out side);
        var problem = BinanceJsonRecord.First(
            symbolProblem,
            idProblem,
            orderProblem,
            sideProblem,
            record.RequiredPositiveDecimal("price", out var price),
            record.RequiredPositiveDecimal("qty", out var qty),
            record.OptionalDecimal("commission", out var commission),
            record.OptionalUnixMilliseconds("time", out var time),
            spot ? Assign(PositionSide.Both, out var positionSide) : record.OptionalPositionSide("positionSide", out positionSide));
        if (problem is not null)
        {
            return RowResult.Bad(problem);
        }

        var commissionAsset = record.Text("commissionAsset").Trim();
        var fill = new Fill(
            Venue: options.Venue ?? defaultVenue,
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

        // Spot sends no position side; the BOTH that Tally gives every spot fill is refused in hedge mode.
        var positionSideText = spot ? PositionSide.Both.ToWireName() : record.Text("positionSide");
        return checks.Check(record.Number, fill, symbol, positionSideText, tradeId) is { } refused
            ? RowResult.Bad(InJsonTerms(refused))
            : RowResult.Ok(new ParsedFill(record.Number, fill, record.Raw));
    }

    private static RowError? Assign<T>(T value, out T target)
    {
        target = value;
        return null;
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
