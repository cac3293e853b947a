using System.Globalization;
using System.Text.RegularExpressions;

namespace Tally.Import;

/// <summary>
/// Parsing of the cell values Binance's trade-history CSV exports write: amounts with the asset glued on
/// (<c>0.00100000BTC</c>, <c>0.0002BNB</c>, <c>0.29528919 USDC</c>) and wall-clock times without a zone
/// (<c>2024-01-02 03:04:05</c>, and in newer exports <c>24-01-02 03:04:05</c>). Each method returns null
/// on success and otherwise the problem phrase for a <see cref="RowError"/>.
/// </summary>
internal static partial class BinanceCsvValues
{
    public const string TimeProblem = "is not a time like 2024-01-02 03:04:05";

    // Seen in exports: 4-digit years (older "Date(UTC)" files) and 2-digit years (newer "Time" files,
    // e.g. 26-03-17 09:34:12 for 2026-03-17; two-digit years map to 1950-2049). Fractions are optional.
    private static readonly string[] TimeFormats =
        ["yyyy-MM-dd HH:mm:ss.FFFFFFF", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", "yy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm"];

    /// <summary>
    /// Splits <c>0.5BTC</c> into 0.5 and "BTC"; a plain number has no asset. Assets that start with a digit
    /// (1INCH, 1000SATS) make a glued value ambiguous (<c>0.51INCH</c>), so <paramref name="expectedAssets"/>
    /// — the pair's base and quote — are tried as suffixes first.
    /// </summary>
    public static string? Amount(string text, IReadOnlyList<string> expectedAssets, out decimal value, out string? asset)
    {
        var trimmed = text.Trim();
        foreach (var expected in expectedAssets.OrderByDescending(a => a.Length))
        {
            if (expected.Length > 0 && trimmed.Length > expected.Length && trimmed.EndsWith(expected, StringComparison.OrdinalIgnoreCase)
                && FieldParser.Decimal(trimmed[..^expected.Length].TrimEnd(), out value) is null)
            {
                asset = expected;
                return null;
            }
        }

        var numberEnd = NumberPrefixLength(trimmed);
        var number = trimmed[..numberEnd];
        var rest = trimmed[numberEnd..].Trim();
        asset = null;
        if (number.Length == 0 || !rest.All(char.IsAsciiLetterOrDigit) || FieldParser.Decimal(number, out value) is not null)
        {
            value = 0m;
            return "is not a number with an optional asset (like 0.5 or 0.5BTC)";
        }

        asset = rest.Length > 0 ? rest.ToUpperInvariant() : null;
        return null;
    }

    /// <summary>Like <see cref="Amount"/>, and the number must be positive.</summary>
    public static string? PositiveAmount(string text, IReadOnlyList<string> expectedAssets, out decimal value, out string? asset)
    {
        if (Amount(text, expectedAssets, out value, out asset) is null && value > 0m)
        {
            return null;
        }

        return "is not a positive number (like 0.5 or 0.5BTC)";
    }

    /// <summary>A wall-clock time written at <paramref name="offset"/> from UTC, as a UTC instant.</summary>
    public static string? Time(string text, TimeSpan offset, out DateTimeOffset value)
    {
        if (DateTime.TryParseExact(text.Trim(), TimeFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var wallClock))
        {
            value = new DateTimeOffset(wallClock, offset).ToUniversalTime();
            return null;
        }

        value = default;
        return TimeProblem;
    }

    /// <summary>
    /// The zone Binance names in an export's file name, e.g. <c>Binance-Futures-Trade-History-202608302008(UTC+3)-part1-of1.csv</c>
    /// → +3 h; also <c>(UTC-5)</c>, <c>(UTC--6)</c> (as some saved names spell −6), <c>(UTC+5:30)</c>, <c>(UTC)</c>.
    /// Null when the name carries none.
    /// </summary>
    public static TimeSpan? OffsetFromFileName(string source)
    {
        var match = ZoneInName().Match(Path.GetFileName(source));
        if (!match.Success)
        {
            return null;
        }

        if (!match.Groups["hours"].Success)
        {
            return TimeSpan.Zero;
        }

        var hours = int.Parse(match.Groups["hours"].Value, CultureInfo.InvariantCulture);
        var minutes = match.Groups["minutes"].Success ? int.Parse(match.Groups["minutes"].Value, CultureInfo.InvariantCulture) : 0;
        if (hours > 14 || minutes >= 60)
        {
            return null;
        }

        var offset = new TimeSpan(hours, minutes, 0);
        return match.Groups["sign"].Value.Contains('-', StringComparison.Ordinal) ? -offset : offset;
    }

    // Optional sign, digits, optional fraction: where a glued asset begins. No exponent, so the E of an
    // asset such as ETH is never read as part of the number.
    private static int NumberPrefixLength(string text)
    {
        var i = 0;
        if (i < text.Length && text[i] is '+' or '-')
        {
            i++;
        }

        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        if (i < text.Length && text[i] == '.')
        {
            i++;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }
        }

        return i;
    }

    [GeneratedRegex(@"\(UTC(?:(?<sign>\+|-|--|\+-)(?<hours>\d{1,2})(?::?(?<minutes>\d{2}))?)?\)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ZoneInName();
}
