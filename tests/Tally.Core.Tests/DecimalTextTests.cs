namespace Tally.Core.Tests;

public class DecimalTextTests
{
    public static TheoryData<decimal, string> Formatted => new()
    {
        { 200.000m, "200" },
        { 0.10m, "0.1" },
        { 0m, "0" },
        { 0.000m, "0" },
        { -0.10m, "-0.1" },
        { 100m, "100" },      // integer zeros are digits, not padding
        { 1000.00m, "1000" },
        { 1234567.891m, "1234567.891" },
        { 0.00000001m, "0.00000001" }, // one satoshi, no exponent
        { 0.0000000000000000000000000001m, "0.0000000000000000000000000001" },
        { 79228162514264337593543950335m, "79228162514264337593543950335" },
        { -1.50m, "-1.5" },
    };

    [Theory]
    [MemberData(nameof(Formatted))]
    public void Format_writes_no_exponent_and_drops_trailing_zeros(decimal value, string expected)
    {
        Assert.Equal(expected, DecimalText.Format(value));
    }

    [Fact]
    public void Format_of_a_computed_value_keeps_every_significant_digit()
    {
        // 4550 / 1.5 carries 25 decimals; none is lost or rounded through double
        Assert.Equal("3033.3333333333333333333333333", DecimalText.Format(4550m / 1.5m));
    }

    public static TheoryData<string, decimal> Parsed => new()
    {
        { "0.1", 0.1m },
        { "1e-8", 0.00000001m },
        { "1.5E+3", 1500m },
        { " 2.50 ", 2.50m },
        { "-3", -3m },
        { "0.00000001", 0.00000001m },
    };

    [Theory]
    [MemberData(nameof(Parsed))]
    public void TryParse_reads_plain_and_exponent_forms(string text, decimal expected)
    {
        Assert.True(DecimalText.TryParse(text, out var value));
        Assert.Equal(expected, value);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("1,000")] // no thousands separators on the wire
    [InlineData("NaN")]
    [InlineData("1e30")]  // beyond decimal's range
    public void TryParse_rejects_what_is_not_a_wire_decimal(string? text)
    {
        Assert.False(DecimalText.TryParse(text, out _));
    }

    [Fact]
    public void Parse_then_format_round_trips_a_wire_price()
    {
        Assert.True(DecimalText.TryParse("3033.10000000", out var price));

        Assert.Equal("3033.1", DecimalText.Format(price));
    }
}
