using Tally.Core.Signals;

namespace Tally.Import;

/// <summary>
/// Reads the signal file of <c>tally signals replay</c>: a CSV with a header, columns <c>ts, signal_id,
/// strategy_id, symbol, action, confidence</c> and optionally <c>quantity</c> (order free, names
/// case-insensitive). Each row is a signal or a <see cref="RowError"/> naming line, column and value.
/// </summary>
public static class SignalsCsv
{
    public static IEnumerable<(int Line, Signal? Signal, RowError? Error)> Read(TextReader text, string source)
    {
        using var table = CsvTable.Open(text, source);
        table.Require("ts", "signal_id", "strategy_id", "symbol", "action", "confidence");
        while (table.Read())
        {
            var line = table.Line;
            var (signal, error) = Parse(table, line);
            yield return (line, signal, error);
        }
    }

    private static (Signal?, RowError?) Parse(CsvTable table, int line)
    {
        if (FieldParser.Timestamp(table.Get("ts"), out var ts) is { } tsProblem)
        {
            return Bad("ts", tsProblem);
        }

        foreach (var column in (string[])["signal_id", "strategy_id", "symbol"])
        {
            if (table.Get(column).Length == 0)
            {
                return Bad(column, "is empty");
            }
        }

        var action = table.Get("action").ToLowerInvariant() switch
        {
            "buy" => SignalAction.Buy,
            "sell" => SignalAction.Sell,
            "close" => (SignalAction?)SignalAction.Close,
            _ => null,
        };
        if (action is null)
        {
            return Bad("action", "is not buy, sell or close");
        }

        if (FieldParser.Decimal(table.Get("confidence"), out var confidence) is not null || confidence < 0m || confidence > 1m)
        {
            return Bad("confidence", "is not a number from 0 to 1");
        }

        decimal? quantity = null;
        if (table.Get("quantity").Length > 0)
        {
            if (FieldParser.PositiveDecimal(table.Get("quantity"), out var q) is { } problem)
            {
                return Bad("quantity", problem);
            }

            quantity = q;
        }

        return (new Signal(table.Get("signal_id"), table.Get("strategy_id"), table.Get("symbol").ToUpperInvariant(), action.Value, confidence, ts, quantity), null);

        (Signal?, RowError?) Bad(string column, string problem) => (null, new RowError(line, column, table.Get(column), problem));
    }
}
