using FsCheck;
using FsCheck.Xunit;
using Tally.Core;
using Tally.Import;
using static Tally.Import.Tests.BinanceFixtureTests;

namespace Tally.Import.Tests;

public sealed class BinanceSpotTradesCsvTests
{
    // Layout of 2021-on exports: every quantity carries its asset.
    private const string GluedExport = """
        Date(UTC),Pair,Side,Price,Executed,Amount,Fee
        2022-03-28 13:01:36,SOLBUSD,SELL,110.03,0.1800000000SOL,19.8054BUSD,0.0198054BUSD
        2024-03-15 14:23:47,BTCUSDT,BUY,68500.50000000,0.02351000BTC,1610.45842500USDT,0.00002351BTC
        2024-04-02 09:11:22,ETHUSDT,BUY,3520.75000000,1.50000000ETH,5281.12500000USDT,0.00412BNB
        """;

    private static readonly Instrument BtcUsdtSpot = Instrument.Create("BTCUSDT", InstrumentKind.Spot, "BTC", "USDT");

    private static List<RowResult> Read(string csv, FillReadOptions? options = null, string source = "spot.csv") =>
        BinanceFixtureTests.Read(BinanceSpotTradesCsv.Read, csv, options, source);

    [Fact]
    public void Glued_assets_are_split_into_numbers_and_the_fee_keeps_its_asset()
    {
        var fills = Fills(Read(GluedExport));

        Assert.Equal(
            [
                ("SOLBUSD", Side.Sell, 110.03m, 0.18m, 0.0198054m, "BUSD"),
                ("BTCUSDT", Side.Buy, 68500.5m, 0.02351m, 0.00002351m, "BTC"),
                ("ETHUSDT", Side.Buy, 3520.75m, 1.5m, 0.00412m, "BNB"),
            ],
            fills.Select(f => (f.Fill.Symbol, f.Fill.Side, f.Fill.Price, f.Fill.Quantity, f.Fill.Fee, f.Fill.FeeAsset!)));
        Assert.Equal(new DateTimeOffset(2022, 3, 28, 13, 1, 36, TimeSpan.Zero), fills[0].Fill.Timestamp);
        Assert.All(fills, f => Assert.Equal(("binance-spot", "default", PositionSide.Both), (f.Fill.Venue, f.Fill.Account, f.Fill.PositionSide)));
    }

    [Fact]
    public void Legacy_layout_reads_Amount_as_the_quantity_because_Total_holds_the_quote()
    {
        const string csv = """
            Date(UTC),Market,Type,Price,Amount,Total,Fee,Fee Coin
            2018-10-24 02:06:18,ASTBTC,SELL,0.00001426,263,0.00375038,0.00000375,BTC
            2018-01-20 16:59:59,XLMETH,BUY,0.00012345,123,0.01518435,0.123,XLM
            """;

        var fills = Fills(Read(csv));

        Assert.Equal(
            [("ASTBTC", Side.Sell, 263m, 0.00000375m, "BTC"), ("XLMETH", Side.Buy, 123m, 0.123m, "XLM")],
            fills.Select(f => (f.Fill.Symbol, f.Fill.Side, f.Fill.Quantity, f.Fill.Fee, f.Fill.FeeAsset!)));
    }

    [Fact]
    public void Newer_Time_layout_reads_two_digit_years_in_the_zone_of_the_file_name()
    {
        const string csv = "Time,Pair,Side,Price,Executed,Amount,Fee\n23-09-20 18:20:55,ALGOUSDT,SELL,0.0997,103ALGO,10.2691USDT,0.00003593BNB\n";

        var fill = Assert.Single(Fills(Read(csv, source: "Binance-Spot-Trade-History-202603230406(UTC--6)_abcd.csv"))).Fill;

        Assert.Equal(new DateTimeOffset(2023, 9, 21, 0, 20, 55, TimeSpan.Zero), fill.Timestamp);
        Assert.Equal((103m, 0.00003593m, "BNB"), (fill.Quantity, fill.Fee, fill.FeeAsset!));
    }

    [Theory]
    [InlineData("BTC/USDT")]
    [InlineData("BTC-USDT")]
    [InlineData("BTCUSDT")]
    public void Pair_is_written_as_the_symbol_without_separators(string pair)
    {
        var csv = $"Date(UTC),Pair,Side,Price,Executed,Amount,Fee\n2024-01-01 00:00:00,{pair},BUY,42000,0.5BTC,21000USDT,21USDT\n";

        Assert.Equal("BTCUSDT", Assert.Single(Fills(Read(csv))).Fill.Symbol);
    }

    [Fact]
    public void Asset_starting_with_a_digit_is_split_off_using_the_pairs_assets()
    {
        // 0.51INCH is 0.5 of 1INCH, not 0.51 of "INCH".
        const string csv = "Date(UTC),Pair,Side,Price,Executed,Amount,Fee\n2024-01-01 00:00:00,1INCHUSDT,BUY,0.4,0.51INCH,0.2USDT,0.0001BNB\n";

        Assert.Equal(0.5m, Assert.Single(Fills(Read(csv))).Fill.Quantity);
    }

    [Fact]
    public void Separate_Fee_Coin_column_names_the_fee_asset_of_a_plain_fee()
    {
        const string csv = "Date(UTC),Pair,Side,Price,Executed,Amount,Fee,Fee Coin\n2024-01-01 00:00:00,BTCUSDT,BUY,42000,0.1,4200,1,USDT\n";

        var fill = Assert.Single(Fills(Read(csv))).Fill;

        Assert.Equal((0.1m, 1m, "USDT"), (fill.Quantity, fill.Fee, fill.FeeAsset!));
    }

    [Fact]
    public void Base_asset_fee_as_large_as_the_quantity_is_refused_for_a_spot_instrument()
    {
        const string csv = """
            Date(UTC),Pair,Side,Price,Executed,Amount,Fee
            2024-01-01 00:00:00,BTCUSDT,BUY,42000,0.5BTC,21000USDT,0.0005BTC
            2024-01-01 00:00:01,BTCUSDT,BUY,42000,0.5BTC,21000USDT,0.5BTC
            """;

        var rows = Read(csv, Options(instrument: BtcUsdtSpot));

        Assert.Equal(new RowError(3, "Fee", "0.5", "must be smaller than qty when charged in the base asset"), SingleError(rows));
    }

    [Fact]
    public void Reading_the_same_export_twice_gives_the_same_synthetic_ids()
    {
        var first = Fills(Read(GluedExport)).Select(f => f.Fill.TradeId).ToList();
        var second = Fills(Read(GluedExport)).Select(f => f.Fill.TradeId).ToList();

        Assert.Equal(first, second);
        Assert.Equal(3, first.Distinct().Count());
        Assert.All(first, id => Assert.StartsWith("csv-", id, StringComparison.Ordinal));
    }

    [Fact]
    public void Same_trade_written_glued_or_plain_gets_the_same_synthetic_id()
    {
        const string glued = "Date(UTC),Pair,Side,Price,Executed,Amount,Fee\n2024-01-01 00:00:00,BTCUSDT,BUY,42000.00,0.50000000BTC,21000USDT,21.00USDT\n";
        const string plain = "Date(UTC),Pair,Side,Price,Executed,Amount,Fee,Fee Coin\n2024-01-01 00:00:00,BTC/USDT,BUY,42000,0.5,21000,21,USDT\n";

        Assert.Equal(Assert.Single(Fills(Read(glued))).Fill.TradeId, Assert.Single(Fills(Read(plain))).Fill.TradeId);
    }

    [Fact]
    public void Bad_Executed_value_is_reported_with_its_line_while_other_rows_parse()
    {
        const string csv = """
            Date(UTC),Pair,Side,Price,Executed,Amount,Fee
            2024-01-01 00:00:00,BTCUSDT,BUY,42000,0.5BTC,21000USDT,21USDT
            2024-01-01 00:00:01,BTCUSDT,BUY,42000,abcBTC,21000USDT,21USDT
            2024-01-01 00:00:02,BTCUSDT,SELL,42000,0.5BTC,21000USDT,21USDT
            """;

        var rows = Read(csv);

        Assert.Equal(new RowError(3, "Executed", "abcBTC", "is not a positive number (like 0.5 or 0.5BTC)"), SingleError(rows));
        Assert.Equal(2, rows.Count(r => r.Fill is not null));
    }

    [Fact]
    public void Amount_without_Total_is_the_quote_amount_so_Executed_is_required()
    {
        const string csv = "Date(UTC),Pair,Side,Price,Amount,Fee\n2024-01-01 00:00:00,BTCUSDT,BUY,42000,21000USDT,21USDT\n";

        var error = Assert.Throws<InputFileException>(() => Read(csv));

        Assert.Equal("spot.csv: not a Binance spot trade-history export: missing column Executed or Quantity or Qty", error.Message);
    }

    [Fact]
    public void Order_history_export_is_not_taken_for_a_trade_history()
    {
        const string csv = "Date(UTC),Pair,Type,Order Price,Order Amount,AvgTrading Price,Filled,Total,status\n2024-01-01 00:00:00,BTCUSDT,BUY,42000,1,42000,1,42000,Filled\n";

        var error = Assert.Throws<InputFileException>(() => Read(csv));

        Assert.Equal("spot.csv: not a Binance spot trade-history export: missing columns Price; Executed or Quantity or Qty", error.Message);
    }

    [Fact]
    public void Spot_fills_are_one_way_so_hedge_mode_refuses_them()
    {
        var error = Read(GluedExport, Options(PositionMode.Hedge)).First().Error;

        Assert.Equal(new RowError(2, "Position Side", "BOTH", "must be LONG or SHORT in hedge mode"), error);
    }

    [Property]
    public void Executed_with_a_glued_asset_reads_back_the_exact_number(PositiveInt units, byte scale, bool space)
    {
        var quantity = new decimal(units.Get, 0, 0, false, (byte)(scale % 11));
        var executed = $"{quantity.ToString(System.Globalization.CultureInfo.InvariantCulture)}{(space ? " " : "")}ETH";
        var csv = $"Date(UTC),Pair,Side,Price,Executed,Amount,Fee\n2024-01-01 00:00:00,ETHUSDT,BUY,3000,{executed},1USDT,0.1USDT\n";

        Assert.Equal(quantity, Assert.Single(Fills(Read(csv))).Fill.Quantity);
    }
}
