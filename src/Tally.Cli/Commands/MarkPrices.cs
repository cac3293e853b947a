using Tally.Core;
using Tally.Import;

namespace Tally.Cli.Commands;

/// <summary>Parses <c>--mark SYMBOL=PRICE</c> values.</summary>
public static class MarkPrices
{
    public static bool TryParse(IEnumerable<string> texts, out Dictionary<string, decimal> marks, out string problem)
    {
        marks = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var text in texts)
        {
            var at = text.IndexOf('=', StringComparison.Ordinal);
            if (at <= 0 || FieldParser.PositiveDecimal(text[(at + 1)..].Trim(), out var price) is not null)
            {
                problem = $"--mark: \"{text}\" is not SYMBOL=PRICE with a positive price";
                return false;
            }

            if (AmountLimits.TooLarge(price))
            {
                problem = $"--mark: \"{text}\" {AmountLimits.AmountProblem}";
                return false;
            }

            marks[text[..at].Trim()] = price;
        }

        problem = string.Empty;
        return true;
    }
}
