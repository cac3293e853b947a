using Tally.Core;
using Tally.Core.Risk;

namespace Tally.Import;

/// <summary>
/// The price file of <c>tally risk replay</c>: a CSV with a header, columns <c>ts, symbol, price</c> and optionally
/// <c>qty, side</c> (the quantity of a trade and its taker's side, BUY or SELL, for the dump detector's volume
/// signals; both or neither on a row). Column order is free, names case-insensitive. Each row is a tick or a
/// <see cref="RowError"/> naming line, column and value; <c>ts</c> is ISO-8601 or Unix milliseconds.
/// </summary>
public static class TicksCsv
{
    public static IReadOnlyList<string> RequiredColumns { get; } = ["ts", "symbol", "price"];

    /// <exception cref="InputFileException">The file is empty or lacks a required column.</exception>
    public static IEnumerable<(int Line, RiskTick? Tick, RowError? Error)> Read(TextReader text, string source)
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

        return ReadRows(table);
    }

    private static IEnumerable<(int Line, RiskTick? Tick, RowError? Error)> ReadRows(CsvTable table)
    {
        using (table)
        {
            while (table.Read())
            {
                var line = table.Line;
                if (table.Problem is { } problem)
                {
                    yield return (line, null, problem);
                    continue;
                }

                var (tick, error) = Parse(table, line);
                yield return (line, tick, error);
            }
        }
    }

    private static (RiskTick?, RowError?) Parse(CsvTable table, int line)
    {
        (RiskTick?, RowError?) Bad(string column, string problem) => (null, new RowError(line, column, table.Get(column), problem));

        if (FieldParser.Timestamp(table.Get("ts"), out var ts) is { } tsProblem)
        {
            return Bad("ts", tsProblem);
        }

        var symbol = table.Get("symbol");
        if (symbol.Length == 0)
        {
            return Bad("symbol", "is empty");
        }

        if (FieldParser.PositiveDecimal(table.Get("price"), out var price) is { } priceProblem)
        {
            return Bad("price", priceProblem);
        }

        if (price > AmountLimits.MaxAmount)
        {
            return Bad("price", AmountLimits.AmountProblem);
        }

        var qtyText = table.Get("qty");
        var sideText = table.Get("side");
        if (qtyText.Length == 0 && sideText.Length == 0)
        {
            return (new RiskTick(ts, symbol, price), null);
        }

        if (qtyText.Length == 0)
        {
            return Bad("qty", "is empty but side is given (give both or neither)");
        }

        if (FieldParser.Decimal(qtyText, out var qty) is { } qtyProblem)
        {
            return Bad("qty", qtyProblem);
        }

        if (qty < 0m)
        {
            return Bad("qty", "is negative");
        }

        if (qty > AmountLimits.MaxAmount)
        {
            return Bad("qty", AmountLimits.AmountProblem);
        }

        if (sideText.Length == 0)
        {
            return Bad("side", "is empty but qty is given (give both or neither)");
        }

        if (!WireNames.TryParseSide(sideText, out var side))
        {
            return Bad("side", "is not BUY or SELL (the taker's side)");
        }

        return (new RiskTick(ts, symbol, price, qty, side), null);
    }
}
