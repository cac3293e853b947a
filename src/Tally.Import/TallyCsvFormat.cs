using Tally.Core;

namespace Tally.Import;

/// <summary>
/// The replay CSV: a header, columns in any order. Required: symbol, side, qty, price. Optional: ts, venue,
/// account, position_side, fee, fee_asset, fee_price (price of the fee asset in the settlement asset),
/// trade_id (default: the line number), order_id, client_order_id, strategy, and the strategy columns of
/// <see cref="FillIntent"/> (take_profit, stop_loss, close_reason, strategy_position).
/// </summary>
public static class TallyCsvFormat
{
    public static IReadOnlyList<string> RequiredColumns { get; } = ["symbol", "side", "qty", "price"];

    public static IReadOnlyList<string> OptionalColumns { get; } =
        ["ts", "venue", "account", "position_side", "fee", "fee_asset", "fee_price", "trade_id", "order_id", "client_order_id", "strategy", "take_profit", "stop_loss", "close_reason", "strategy_position"];

    /// <summary>Reads every row in file order; a bad row yields an error and reading goes on.</summary>
    /// <exception cref="InputFileException">The file is empty or lacks a required column.</exception>
    public static IEnumerable<RowResult> Read(TextReader text, string source, FillReadOptions options)
    {
        var table = CsvTable.Open(text, source);
        try
        {
            table.Require([.. RequiredColumns]);
        }
        catch
        {
            table.Dispose();
            throw;
        }

        return ReadRows(table, options);
    }

    private static IEnumerable<RowResult> ReadRows(CsvTable table, FillReadOptions options)
    {
        using (table)
        {
            var checks = new FillRowChecks(options);
            while (table.Read())
            {
                yield return ReadRow(table, options, checks);
            }
        }
    }

    private static RowResult ReadRow(CsvTable row, FillReadOptions options, FillRowChecks checks)
    {
        var line = row.Line;
        RowResult Bad(string column, string value, string problem) => RowResult.Bad(new RowError(line, column, value, problem));
        if (row.Problem is { } rowProblem)
        {
            return RowResult.Bad(rowProblem);
        }

        var symbol = row.Get("symbol");
        if (symbol.Length == 0)
        {
            return Bad("symbol", symbol, "is empty");
        }

        var sideText = row.Get("side");
        if (!WireNames.TryParseSide(sideText, out var side))
        {
            return Bad("side", sideText, "is not BUY or SELL");
        }

        var qtyText = row.Get("qty");
        if (FieldParser.PositiveDecimal(qtyText, out var qty) is { } qtyProblem)
        {
            return Bad("qty", qtyText, qtyProblem);
        }

        var priceText = row.Get("price");
        if (FieldParser.PositiveDecimal(priceText, out var price) is { } priceProblem)
        {
            return Bad("price", priceText, priceProblem);
        }

        DateTimeOffset? timestamp = null;
        var tsText = row.Get("ts");
        if (tsText.Length > 0)
        {
            if (FieldParser.Timestamp(tsText, out var ts) is { } tsProblem)
            {
                return Bad("ts", tsText, tsProblem);
            }

            timestamp = ts;
        }

        var positionSideText = row.Get("position_side");
        var positionSide = PositionSide.Both;
        if (positionSideText.Length > 0 && !WireNames.TryParsePositionSide(positionSideText, out positionSide))
        {
            return Bad("position_side", positionSideText, "is not BOTH, LONG or SHORT");
        }

        var fee = 0m;
        var feeText = row.Get("fee");
        if (feeText.Length > 0 && FieldParser.Decimal(feeText, out fee) is { } feeProblem)
        {
            return Bad("fee", feeText, feeProblem);
        }

        decimal? feePrice = null;
        var feePriceText = row.Get("fee_price");
        if (feePriceText.Length > 0)
        {
            if (FieldParser.PositiveDecimal(feePriceText, out var parsedFeePrice) is { } feePriceProblem)
            {
                return Bad("fee_price", feePriceText, feePriceProblem);
            }

            feePrice = parsedFeePrice;
        }

        var (intent, intentError) = FillIntent.Read(row, line);
        if (intentError is not null)
        {
            return RowResult.Bad(intentError);
        }

        var tradeIdText = row.Get("trade_id");
        var fill = new Fill(
            Venue: options.Venue ?? NonEmpty(row.Get("venue"), Fill.DefaultVenue),
            Account: options.Account ?? NonEmpty(row.Get("account"), Fill.DefaultAccount),
            Symbol: symbol,
            Side: side,
            PositionSide: positionSide,
            Quantity: qty,
            Price: price,
            Fee: fee,
            FeeAsset: NullIfEmpty(row.Get("fee_asset")),
            TradeId: NonEmpty(tradeIdText, line.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            Timestamp: timestamp,
            OrderId: NullIfEmpty(row.Get("order_id")),
            ClientOrderId: NullIfEmpty(row.Get("client_order_id")),
            Strategy: NullIfEmpty(row.Get("strategy")),
            FeeConversionPrice: feePrice);

        if (FillAmountChecks.Check(line, fill, options) is { } tooLarge)
        {
            return RowResult.Bad(tooLarge);
        }

        return checks.Check(line, fill, symbol, positionSideText, tradeIdText, feeText) is { } problem
            ? RowResult.Bad(problem)
            : RowResult.Ok(new ParsedFill(line, fill, Intent: intent));
    }

    private static string NonEmpty(string value, string fallback) => value.Length > 0 ? value : fallback;

    private static string? NullIfEmpty(string value) => value.Length > 0 ? value : null;
}
