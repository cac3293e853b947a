using FsCheck.Xunit;
using Tally.Core;

namespace Tally.Import.Tests;

/// <summary>The shared value parsers: exact decimals (never through double), ISO-8601 or Unix-millisecond times.</summary>
public sealed class FieldParserTests
{
    [Fact]
    public void Decimal_does_not_round_through_double()
    {
        // This is the exact binary value of the double nearest 0.1, cut to 34 places. Through double it
        // would come back as 0.1; System.Decimal holds at most 28 places, so the 29th onwards are rounded
        // (…1231|257827 → …1231) and every place it can hold is the one written.
        Assert.Null(FieldParser.Decimal("0.1000000000000000055511151231257827", out var value));

        Assert.NotEqual(0.1m, value);
        Assert.Equal("0.1000000000000000055511151231", DecimalText.Format(value));
    }

    [Theory]
    [InlineData("0.1000000000000000055511151231")]
    [InlineData("79228162514264337593543950335")]
    [InlineData("-0.0000000000000000000000000001")]
    [InlineData("96123.456789012345")]
    [InlineData("0.00000001")]
    public void Decimal_keeps_every_digit_decimal_can_hold(string text)
    {
        Assert.Null(FieldParser.Decimal(text, out var value));

        Assert.Equal(text, DecimalText.Format(value));
    }

    [Theory]
    [InlineData("1E-2", "0.01")]
    [InlineData("1e-2", "0.01")]
    [InlineData("1.5E3", "1500")]
    [InlineData("2E+1", "20")]
    [InlineData("-3.25e-4", "-0.000325")]
    [InlineData("1E-28", "0.0000000000000000000000000001")]
    public void Decimal_accepts_the_exponent_form(string text, string expected)
    {
        Assert.Null(FieldParser.Decimal(text, out var value));

        Assert.Equal(expected, DecimalText.Format(value));
    }

    [Theory]
    [InlineData("+1.5", "1.5")]
    [InlineData(" 2 ", "2")]
    [InlineData(".5", "0.5")]
    [InlineData("-0.0955", "-0.0955")]
    public void Decimal_accepts_a_sign_surrounding_spaces_and_a_bare_fraction(string text, string expected)
    {
        Assert.Null(FieldParser.Decimal(text, out var value));

        Assert.Equal(expected, DecimalText.Format(value));
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("1,5")]
    [InlineData("1 000")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("0x10")]
    public void Decimal_refuses_what_is_not_an_invariant_culture_number(string text)
    {
        Assert.Equal("is not a number", FieldParser.Decimal(text, out var value));
        Assert.Equal(0m, value);
    }

    [Theory]
    [InlineData("1E+29")]
    [InlineData("79228162514264337593543950336")]
    [InlineData("-1e40")]
    public void Decimal_says_a_number_beyond_the_decimal_range_is_outside_it(string text)
    {
        Assert.Equal("is outside the decimal range (at most 79228162514264337593543950335)", FieldParser.Decimal(text, out var value));
        Assert.Equal(0m, value);
        Assert.Equal(FieldParser.OutOfRange, FieldParser.PositiveDecimal(text, out _));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-1")]
    [InlineData("-0.00000001")]
    [InlineData("")]
    [InlineData("abc")]
    public void Positive_decimal_refuses_zero_negatives_and_non_numbers(string text)
    {
        Assert.Equal("is not a positive number", FieldParser.PositiveDecimal(text, out _));
    }

    [Theory]
    [InlineData("0.00000001")]
    [InlineData("1E-8")]
    [InlineData("96000")]
    public void Positive_decimal_accepts_any_amount_above_zero(string text)
    {
        Assert.Null(FieldParser.PositiveDecimal(text, out var value));
        Assert.True(value > 0m);
    }

    [Property]
    public void Any_decimal_written_by_Tally_reads_back_exactly(decimal value)
    {
        var text = DecimalText.Format(value);

        Assert.Null(FieldParser.Decimal(text, out var parsed));
        Assert.Equal(value, parsed);
        Assert.Equal(text, DecimalText.Format(parsed));
    }

    [Theory]
    [InlineData("1736154000000", 2025, 1, 6, 9, 0, 0, 0)]
    [InlineData("1736154000123", 2025, 1, 6, 9, 0, 0, 123)]
    [InlineData("100000000000", 1973, 3, 3, 9, 46, 40, 0)]
    [InlineData("253402300799999", 9999, 12, 31, 23, 59, 59, 999)]
    public void Timestamp_reads_unix_milliseconds(string text, int year, int month, int day, int hour, int minute, int second, int ms)
    {
        Assert.Null(FieldParser.Timestamp(text, out var value));

        Assert.Equal(new DateTimeOffset(year, month, day, hour, minute, second, ms, TimeSpan.Zero), value);
        Assert.Equal(TimeSpan.Zero, value.Offset);
    }

    [Theory]
    [InlineData("2025-01-06T09:00:00Z")]
    [InlineData("2025-01-06T09:00:00.000Z")]
    [InlineData("2025-01-06T09:00:00+00:00")]
    [InlineData("2025-01-06T11:00:00+02:00")]
    [InlineData("2025-01-06T04:00:00-05:00")]
    [InlineData("2025-01-06T09:00:00")]
    [InlineData("2025-01-06 09:00:00")]
    public void Timestamp_reads_iso_8601_and_gives_utc(string text)
    {
        Assert.Null(FieldParser.Timestamp(text, out var value));

        Assert.Equal(new DateTimeOffset(2025, 1, 6, 9, 0, 0, TimeSpan.Zero), value);
        Assert.Equal(TimeSpan.Zero, value.Offset);
    }

    [Fact]
    public void Timestamp_keeps_fractions_of_a_second()
    {
        Assert.Null(FieldParser.Timestamp("2025-01-06T09:00:00.1234567Z", out var value));

        Assert.Equal(new DateTimeOffset(2025, 1, 6, 9, 0, 0, TimeSpan.Zero).AddTicks(1_234_567), value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("yesterday")]
    [InlineData("2025-02-30T00:00:00Z")]
    [InlineData("253402300800000")]
    [InlineData("99999999999999999999999")]
    [InlineData("-1")]
    public void Timestamp_refuses_what_is_neither_iso_8601_nor_unix_milliseconds(string text)
    {
        Assert.Equal("is not an ISO-8601 time or Unix milliseconds", FieldParser.Timestamp(text, out _));
    }

    [Theory]
    [InlineData("1736154000")]
    [InlineData("99999999999")]
    [InlineData("0")]
    public void Timestamp_refuses_unix_milliseconds_before_1973_because_they_look_like_seconds(string text)
    {
        Assert.Equal("looks like Unix seconds, not milliseconds (times before 1973-03-03 are refused)", FieldParser.Timestamp(text, out _));
    }

    [Theory]
    [InlineData("06/01/2025 09:00:00")]
    [InlineData("01/06/2025")]
    [InlineData("Jan 6 2025")]
    [InlineData("Monday, 06 January 2025 09:00:00")]
    [InlineData("1.5")]
    public void Timestamp_refuses_text_that_is_not_in_iso_8601_form(string text)
    {
        // Day/month order is ambiguous ("06/01/2025" is 6 January in Europe, 1 June in the US), and a
        // lenient parser reads "1.5" as 5 January of the current year; a guess misdates a fill silently.
        Assert.Equal("is not an ISO-8601 time or Unix milliseconds", FieldParser.Timestamp(text, out _));
    }
}
