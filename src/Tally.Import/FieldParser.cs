using System.Globalization;

namespace Tally.Import;

/// <summary>
/// Parsing of the text values every fill format shares. Each returns null on success and otherwise the
/// problem phrase for a <see cref="RowError"/> ("is not a positive number").
/// </summary>
public static class FieldParser
{
    private const NumberStyles DecimalStyle = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent | NumberStyles.AllowLeadingWhite | NumberStyles.AllowTrailingWhite;

    // ISO-8601 only: a lenient parse would read 06/01/2025 as 1 June or "1.5" as a date in the current year.
    private static readonly string[] IsoFormats =
    [
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd'T'HH:mm:ssK",
        "yyyy-MM-dd'T'HH:mmK",
        "yyyy-MM-dd HH:mm:ss.FFFFFFFK",
        "yyyy-MM-dd HH:mm:ssK",
        "yyyy-MM-dd",
    ];

    // Unix milliseconds up to year 9999; anything longer is not a plausible time.
    private const long MaxUnixMilliseconds = 253_402_300_799_999;

    /// <summary>
    /// 1973-03-03T09:46:40Z in Unix milliseconds. A smaller number is refused: read as milliseconds it is a time
    /// before any venue existed, and it is what a time in Unix seconds (up to year 5138) looks like.
    /// </summary>
    public const long MinUnixMilliseconds = 100_000_000_000;

    /// <summary>The problem phrase for a number beyond the decimal range.</summary>
    public const string OutOfRange = "is outside the decimal range (at most 79228162514264337593543950335)";

    public static string? Decimal(string text, out decimal value)
    {
        // Never through double: decimal.TryParse keeps every digit the venue sent.
        if (text.Length > 0 && decimal.TryParse(text, DecimalStyle, CultureInfo.InvariantCulture, out value))
        {
            return null;
        }

        value = 0m;

        // A number decimal cannot hold (beyond ±79228162514264337593543950335) says so rather than "not a number".
        return text.Length > 0 && double.TryParse(text, DecimalStyle, CultureInfo.InvariantCulture, out var approximate) && double.IsFinite(approximate)
            ? OutOfRange
            : "is not a number";
    }

    public static string? PositiveDecimal(string text, out decimal value)
    {
        var problem = Decimal(text, out value);
        return problem == OutOfRange ? problem : problem is null && value > 0m ? null : "is not a positive number";
    }

    /// <summary>
    /// The rule for a time given as Unix milliseconds: from <see cref="MinUnixMilliseconds"/> (1973-03-03) to the
    /// end of year 9999. Below it the number looks like Unix seconds and is refused rather than guessed.
    /// </summary>
    public static string? UnixMilliseconds(long ms) => ms switch
    {
        < 0 or > MaxUnixMilliseconds => "is not a time in Unix milliseconds",
        < MinUnixMilliseconds => "looks like Unix seconds, not milliseconds (times before 1973-03-03 are refused)",
        _ => null,
    };

    /// <summary>ISO-8601 (UTC assumed when no offset is given) or Unix epoch milliseconds (see <see cref="UnixMilliseconds"/>).</summary>
    public static string? Timestamp(string text, out DateTimeOffset value)
    {
        if (text.Length > 0 && text.All(char.IsAsciiDigit))
        {
            if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var ms) && ms <= MaxUnixMilliseconds)
            {
                var problem = UnixMilliseconds(ms);
                value = problem is null ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : default;
                return problem;
            }
        }
        else if (DateTimeOffset.TryParseExact(text, IsoFormats, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out value))
        {
            value = value.ToUniversalTime();
            return null;
        }

        value = default;
        return "is not an ISO-8601 time or Unix milliseconds";
    }
}
