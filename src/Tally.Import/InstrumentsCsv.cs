using Tally.Core;

namespace Tally.Import;

/// <summary>
/// Instrument descriptions: CSV with columns symbol, kind (spot|linear|inverse), base, quote, an optional
/// multiplier (default 1) and an optional venue (blank: the definition applies to every venue without an own one).
/// </summary>
public static class InstrumentsCsv
{
    /// <summary>Reads every row; the instruments of good rows and the errors of bad ones.</summary>
    public static (IReadOnlyList<InstrumentDefinition> Instruments, IReadOnlyList<RowError> Errors) Read(TextReader text, string source)
    {
        using var table = CsvTable.Open(text, source);
        table.Require("symbol", "kind", "base", "quote");
        var instruments = new List<InstrumentDefinition>();
        var errors = new List<RowError>();
        while (table.Read())
        {
            if (table.Problem is { } rowProblem)
            {
                errors.Add(rowProblem);
                continue;
            }

            var symbol = table.Get("symbol");
            var kindText = table.Get("kind");
            var baseAsset = table.Get("base");
            var quoteAsset = table.Get("quote");
            var multiplierText = table.Get("multiplier");
            var venue = table.Get("venue").Trim();
            var multiplier = 1m;
            if (symbol.Length == 0)
            {
                errors.Add(new RowError(table.Line, "symbol", symbol, "is empty"));
            }
            else if (!WireNames.TryParseInstrumentKind(kindText, out var kind))
            {
                errors.Add(new RowError(table.Line, "kind", kindText, "is not spot, linear or inverse"));
            }
            else if (baseAsset.Length == 0)
            {
                errors.Add(new RowError(table.Line, "base", baseAsset, "is empty"));
            }
            else if (quoteAsset.Length == 0)
            {
                errors.Add(new RowError(table.Line, "quote", quoteAsset, "is empty"));
            }
            else if (multiplierText.Length > 0 && FieldParser.PositiveDecimal(multiplierText, out multiplier) is { } problem)
            {
                errors.Add(new RowError(table.Line, "multiplier", multiplierText, problem));
            }
            else
            {
                instruments.Add(new InstrumentDefinition(venue.Length == 0 ? null : venue, Instrument.Create(symbol, kind, baseAsset, quoteAsset, multiplier)));
            }
        }

        return (instruments, errors);
    }
}
