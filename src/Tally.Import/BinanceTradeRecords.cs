using System.Text.Json;
using Tally.Core;
using Tally.Exchanges.Binance;

namespace Tally.Import;

/// <summary>
/// The one reader behind <see cref="BinanceFuturesTradesJson"/> and <see cref="BinanceSpotTradesJson"/>. Each record
/// is read by Tally.Exchanges' wire model (<see cref="BinanceUserTrade"/>, <see cref="BinanceSpotTrade"/>) and
/// becomes a fill through <see cref="BinanceFills"/>, exactly as <c>tally sync</c> reads the same body, so a file
/// imported and then synchronized gives the same fills. What the wire model refuses, and the few values it takes
/// but a fill cannot hold (a non-positive price, a negative id), become row errors naming the record and field.
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
        var venue = options.Venue ?? defaultVenue;
        var account = options.Account ?? Fill.DefaultAccount;
        foreach (var (number, element) in BinanceJsonPages.Records(pages))
        {
            yield return ReadRecord(number, element, venue, account, options, checks, spot);
        }
    }

    private static RowResult ReadRecord(int number, JsonElement record, string venue, string account, FillReadOptions options, FillRowChecks checks, bool spot)
    {
        Fill fill;
        string positionSideText;
        if (spot)
        {
            if (BinanceSpotTrade.TryRead(record, out var trade) is { } problem)
            {
                return RowResult.Bad(ToRowError(number, problem));
            }

            if (ValueProblem(number, record, trade!.Symbol, trade.Id, trade.OrderId, trade.Price, trade.Quantity, trade.Time) is { } bad)
            {
                return RowResult.Bad(bad);
            }

            fill = trade.ToFill(venue, account);

            // Spot sends no position side; the BOTH that Tally gives every spot fill is refused in hedge mode.
            positionSideText = PositionSide.Both.ToWireName();
        }
        else
        {
            if (BinanceUserTrade.TryRead(record, out var trade) is { } problem)
            {
                return RowResult.Bad(ToRowError(number, problem));
            }

            if (ValueProblem(number, record, trade!.Symbol, trade.Id, trade.OrderId, trade.Price, trade.Quantity, trade.Time) is { } bad)
            {
                return RowResult.Bad(bad);
            }

            fill = trade.ToFill(venue, account);
            positionSideText = Text(record, "positionSide");
        }

        if (FillAmountChecks.Check(number, fill, options) is { } tooLarge)
        {
            return RowResult.Bad(InJsonTerms(tooLarge));
        }

        return checks.Check(number, fill, fill.Symbol, positionSideText, fill.TradeId) is { } refused
            ? RowResult.Bad(InJsonTerms(refused))
            : RowResult.Ok(new ParsedFill(number, fill, record.GetRawText()));
    }

    /// <summary>Values the wire model reads but a fill cannot hold, in field order.</summary>
    private static RowError? ValueProblem(int number, JsonElement record, string symbol, long id, long orderId, decimal price, decimal quantity, long time)
    {
        if (string.IsNullOrWhiteSpace(symbol))
        {
            return new RowError(number, "symbol", symbol.Trim(), "is missing or empty");
        }

        if (id < 0)
        {
            return Bad(number, record, "id");
        }

        if (orderId < 0)
        {
            return Bad(number, record, "orderId");
        }

        if (price <= 0m)
        {
            return Bad(number, record, "price");
        }

        if (quantity <= 0m)
        {
            return Bad(number, record, "qty");
        }

        return FieldParser.UnixMilliseconds(time) is { } timeProblem ? new RowError(number, "time", Text(record, "time"), timeProblem) : null;
    }

    private static RowError ToRowError(int number, BinanceFieldProblem problem) => problem.Kind switch
    {
        BinanceFieldProblemKind.NotAnObject => new RowError(number, "record", JsonValues.Shorten(problem.Value), "is not a JSON object"),
        BinanceFieldProblemKind.Missing => new RowError(number, problem.Field, string.Empty, "is missing or empty"),
        BinanceFieldProblemKind.Malformed when string.IsNullOrWhiteSpace(problem.Value) => new RowError(number, problem.Field, string.Empty, "is missing or empty"),
        BinanceFieldProblemKind.Malformed => new RowError(number, problem.Field, JsonValues.Shorten(problem.Value), Phrase(problem.Field)),
    };

    private static RowError Bad(int number, JsonElement record, string field) => new(number, field, Text(record, field), Phrase(field));

    /// <summary>How a row error words a bad value of each field (the wire model's own wording is for logs).</summary>
    private static string Phrase(string field) => field switch
    {
        "price" or "qty" => "is not a positive number",
        "commission" or "quoteQty" or "realizedPnl" => "is not a number",
        "id" or "orderId" or "orderListId" => "is not a whole number id",
        "time" => "is not a time in Unix milliseconds",
        "side" => "is not BUY or SELL",
        "positionSide" => "is not BOTH, LONG or SHORT",
        "isBuyer" or "buyer" or "maker" or "isMaker" or "isBestMatch" => "is not true or false",
        _ => "is not a text value",
    };

    private static string Text(JsonElement record, string field) =>
        JsonValues.TryGetText(record, field, out var text) ? text.Trim() : string.Empty;

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
