using System.Globalization;

namespace Tally.Core;

/// <summary>
/// The one way Tally writes a decimal for people and scripts: invariant culture, no exponent, no float
/// rounding, trailing fractional zeros dropped (200.000 → "200", 0.10 → "0.1").
/// </summary>
public static class DecimalText
{
    public static string Format(decimal value)
    {
        if (value == 0m)
        {
            return "0";
        }

        var text = value.ToString(CultureInfo.InvariantCulture);
        return text.Contains('.', StringComparison.Ordinal) ? text.TrimEnd('0').TrimEnd('.') : text;
    }

    /// <summary>Parses a wire decimal (plain or exponent form) without passing through double.</summary>
    public static bool TryParse(string? text, out decimal value) =>
        decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
}
