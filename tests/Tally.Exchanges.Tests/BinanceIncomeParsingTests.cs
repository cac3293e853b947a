using System.Globalization;
using Tally.Exchanges.Binance;

namespace Tally.Exchanges.Tests;

public sealed class BinanceIncomeParsingTests
{
    [Fact]
    public void Income_rows_are_read_field_by_field()
    {
        var rows = BinanceIncome.ParseList(
            """
            [{"symbol":"ETHUSDT","incomeType":"FUNDING_FEE","income":"-0.30000000","asset":"USDT","info":"FUNDING_FEE","time":1767225600000,"tranId":7000000012,"tradeId":""},
             {"symbol":"BTCUSDT","incomeType":"COMMISSION","income":"-0.01234567","asset":"USDT","info":"COMMISSION","time":1767225600123,"tranId":7000000013,"tradeId":"912345001"}]
            """);

        Assert.Equal(2, rows.Count);
        var funding = rows[0];
        Assert.Equal("ETHUSDT", funding.Symbol);
        Assert.Equal(BinanceIncome.FundingFee, funding.IncomeType);
        Assert.Equal(-0.3m, funding.Income);
        Assert.Equal("-0.30000000", funding.Income.ToString(CultureInfo.InvariantCulture));
        Assert.Equal("USDT", funding.Asset);
        Assert.Equal("FUNDING_FEE", funding.Info);
        Assert.Equal(1767225600000L, funding.Time);
        Assert.Equal(7000000012L, funding.TranId);
        Assert.Null(funding.TradeId);

        var fee = rows[1];
        Assert.Equal("BTCUSDT", fee.Symbol);
        Assert.Equal("COMMISSION", fee.IncomeType);
        Assert.Equal(-0.01234567m, fee.Income);
        Assert.Equal(1767225600123L, fee.Time);
        Assert.Equal(7000000013L, fee.TranId);
        Assert.Equal(912345001L, fee.TradeId);
    }

    [Fact]
    public void Income_row_accepts_ids_as_strings_decimals_as_numbers_and_missing_optionals()
    {
        var row = BinanceIncome.Parse("""{"symbol":"","incomeType":"TRANSFER","income":12.5,"asset":"USDT","time":"1767225600001","tranId":"9223372036854775000","tradeId":42}""");

        Assert.Equal(string.Empty, row.Symbol);
        Assert.Equal(12.5m, row.Income);
        Assert.Null(row.Info);
        Assert.Equal(1767225600001L, row.Time);
        Assert.Equal(9223372036854775000L, row.TranId);
        Assert.Equal(42L, row.TradeId);
    }

    [Theory]
    [InlineData("""{"incomeType":"FUNDING_FEE","income":"x","asset":"USDT","time":1,"tranId":1}""", "income")]
    [InlineData("""{"incomeType":"FUNDING_FEE","income":"1","asset":"USDT","time":1}""", "tranId")]
    [InlineData("""{"incomeType":"FUNDING_FEE","income":"1","asset":"USDT","time":1,"tranId":1.5}""", "tranId")]
    [InlineData("""{"income":"1","asset":"USDT","time":1,"tranId":1}""", "incomeType")]
    [InlineData("""{"incomeType":"FUNDING_FEE","income":"1","time":1,"tranId":1}""", "asset")]
    [InlineData("""{"incomeType":"FUNDING_FEE","income":"1","asset":"USDT","time":1,"tranId":1,"tradeId":"abc"}""", "tradeId")]
    public void Bad_income_rows_name_the_field(string json, string field)
    {
        var error = Assert.ThrowsAny<FormatException>(() => BinanceIncome.Parse(json));
        Assert.Contains(field, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Funding_rate_rows_are_read_field_by_field()
    {
        var rows = BinanceFundingRate.ParseList(
            """
            [{"symbol":"ETHUSDT","fundingRate":"0.00010000","fundingTime":1767225600000,"markPrice":"3000.00000000"},
             {"symbol":"ETHUSDT","fundingRate":"-0.00003125","fundingTime":"1767254400003","markPrice":""}]
            """);

        Assert.Equal(2, rows.Count);
        Assert.Equal("ETHUSDT", rows[0].Symbol);
        Assert.Equal(0.0001m, rows[0].FundingRate);
        Assert.Equal(1767225600000L, rows[0].FundingTime);
        Assert.Equal(3000m, rows[0].MarkPrice);
        Assert.Equal(-0.00003125m, rows[1].FundingRate);
        Assert.Equal(1767254400003L, rows[1].FundingTime);
        Assert.Null(rows[1].MarkPrice);
    }

    [Theory]
    [InlineData("""{"symbol":"ETHUSDT","fundingTime":1}""", "fundingRate")]
    [InlineData("""{"symbol":"ETHUSDT","fundingRate":"0.1"}""", "fundingTime")]
    [InlineData("""{"fundingRate":"0.1","fundingTime":1}""", "symbol")]
    public void Bad_funding_rate_rows_name_the_field(string json, string field)
    {
        var error = Assert.ThrowsAny<FormatException>(() => BinanceFundingRate.Parse(json));
        Assert.Contains(field, error.Message, StringComparison.Ordinal);
    }
}
