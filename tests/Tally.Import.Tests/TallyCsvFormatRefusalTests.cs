using Tally.Core;

namespace Tally.Import.Tests;

/// <summary>
/// How the replay CSV refuses bad input: one exact line per bad row (and reading goes on), or an
/// <see cref="InputFileException"/> when the file as a whole cannot be read.
/// </summary>
public sealed class TallyCsvFormatRefusalTests
{
    private const string Header = "symbol,side,qty,price,ts,position_side,fee,fee_price";

    private static readonly Dictionary<string, string> GoodRow = new()
    {
        ["symbol"] = "ETHUSDT",
        ["side"] = "BUY",
        ["qty"] = "1",
        ["price"] = "3000",
        ["ts"] = "2025-01-06T09:00:00Z",
        ["position_side"] = "BOTH",
        ["fee"] = "1.2",
        ["fee_price"] = "650",
    };

    /// <summary>A file of the header and one good row with <paramref name="column"/> set to <paramref name="value"/>.</summary>
    private static string WithOneBadValue(string column, string value)
    {
        var row = Header.Split(',').Select(c => c == column ? value : GoodRow[c]);
        return $"{Header}\n{string.Join(',', row)}\n";
    }

    [Theory]
    [InlineData("symbol", "", "is empty")]
    [InlineData("symbol", "FOO", "has no known quote asset; describe it with --instruments")]
    [InlineData("side", "HOLD", "is not BUY or SELL")]
    [InlineData("side", "", "is not BUY or SELL")]
    [InlineData("qty", "-1", "is not a positive number")]
    [InlineData("qty", "0", "is not a positive number")]
    [InlineData("qty", "abc", "is not a positive number")]
    [InlineData("qty", "", "is not a positive number")]
    [InlineData("qty", "1.5.2", "is not a positive number")]
    [InlineData("price", "0", "is not a positive number")]
    [InlineData("price", "-3000", "is not a positive number")]
    [InlineData("price", "3 000", "is not a positive number")]
    [InlineData("ts", "yesterday", "is not an ISO-8601 time or Unix milliseconds")]
    [InlineData("ts", "2025-13-01T00:00:00Z", "is not an ISO-8601 time or Unix milliseconds")]
    [InlineData("ts", "99999999999999999", "is not an ISO-8601 time or Unix milliseconds")]
    [InlineData("position_side", "UP", "is not BOTH, LONG or SHORT")]
    [InlineData("fee", "x", "is not a number")]
    [InlineData("fee", "1,2", "is not a number")]
    [InlineData("fee_price", "0", "is not a positive number")]
    [InlineData("fee_price", "-650", "is not a positive number")]
    public void Each_bad_value_is_refused_with_one_line_naming_line_column_value_and_problem(string column, string value, string problem)
    {
        // "1,2" needs quotes to stay one field.
        var csv = WithOneBadValue(column, value.Contains(',', StringComparison.Ordinal) ? $"\"{value}\"" : value);

        var errors = FillCsv.Errors(csv);

        Assert.Equal([$"line 2, column {column}: \"{value}\" {problem}"], errors);
    }

    [Fact]
    public void The_row_error_prints_as_the_documented_line()
    {
        var error = new RowError(7, "qty", "-1", "is not a positive number");

        Assert.Equal("line 7, column qty: \"-1\" is not a positive number", error.ToString());
    }

    [Fact]
    public void A_bad_row_does_not_stop_the_rows_after_it()
    {
        var rows = FillCsv.Read("symbol,side,qty,price\nETHUSDT,BUY,1,3000\nETHUSDT,BUY,-1,3000\nETHUSDT,SELL,1,3100\n");

        Assert.Equal(3, rows.Count);
        Assert.NotNull(rows[0].Fill);
        Assert.Equal("line 3, column qty: \"-1\" is not a positive number", rows[1].Error?.ToString());
        Assert.Equal(4, rows[2].Fill?.Line);
    }

    [Fact]
    public void Every_bad_row_gets_its_own_line_in_file_order()
    {
        var errors = FillCsv.Errors("symbol,side,qty,price\nETHUSDT,HOLD,1,3000\nETHUSDT,BUY,1,3000\nETHUSDT,BUY,1,0\n");

        Assert.Equal(
            [
                "line 2, column side: \"HOLD\" is not BUY or SELL",
                "line 4, column price: \"0\" is not a positive number",
            ],
            errors);
    }

    [Fact]
    public void Exactly_one_problem_is_reported_per_row_the_first_in_column_order_of_checking()
    {
        var errors = FillCsv.Errors("symbol,side,qty,price\nETHUSDT,HOLD,-1,0\n");

        Assert.Equal(["line 2, column side: \"HOLD\" is not BUY or SELL"], errors);
    }

    [Fact]
    public void A_trade_id_repeated_for_the_same_venue_account_and_symbol_is_refused()
    {
        const string csv = "venue,account,symbol,side,qty,price,trade_id\n" +
            "binance,main,ETHUSDT,BUY,1,3000,7\n" +
            "binance,main,ETHUSDT,SELL,1,3100,7\n";

        var rows = FillCsv.Read(csv);

        Assert.NotNull(rows[0].Fill);
        Assert.Equal("line 3, column trade_id: \"7\" repeats line 2 for the same venue, account and symbol", rows[1].Error?.ToString());
    }

    [Fact]
    public void A_repeated_trade_id_is_refused_even_when_the_rows_are_identical()
    {
        var errors = FillCsv.Errors("symbol,side,qty,price,trade_id\nETHUSDT,BUY,1,3000,7\nETHUSDT,BUY,1,3000,7\nETHUSDT,BUY,1,3000,7\n");

        Assert.Equal(
            [
                "line 3, column trade_id: \"7\" repeats line 2 for the same venue, account and symbol",
                "line 4, column trade_id: \"7\" repeats line 2 for the same venue, account and symbol",
            ],
            errors);
    }

    [Theory]
    [InlineData("bybit", "main", "ETHUSDT")]
    [InlineData("binance", "sub1", "ETHUSDT")]
    [InlineData("binance", "main", "BTCUSDT")]
    public void The_same_trade_id_on_another_venue_account_or_symbol_is_a_different_fill(string venue, string account, string symbol)
    {
        var csv = "venue,account,symbol,side,qty,price,trade_id\n" +
            "binance,main,ETHUSDT,BUY,1,3000,7\n" +
            $"{venue},{account},{symbol},BUY,1,3000,7\n";

        Assert.Equal(2, FillCsv.Fills(csv).Count);
    }

    [Fact]
    public void A_refused_row_does_not_claim_its_trade_id()
    {
        var fills = FillCsv.Read("symbol,side,qty,price,trade_id\nETHUSDT,BUY,-1,3000,7\nETHUSDT,BUY,1,3000,7\n");

        Assert.NotNull(fills[0].Error);
        Assert.NotNull(fills[1].Fill);
    }

    [Fact]
    public void Hedge_mode_refuses_position_side_both()
    {
        var errors = FillCsv.Errors("symbol,side,qty,price,position_side\nETHUSDT,BUY,1,3000,BOTH\n", PositionMode.Hedge);

        Assert.Equal(["line 2, column position_side: \"BOTH\" must be LONG or SHORT in hedge mode"], errors);
    }

    [Fact]
    public void Hedge_mode_refuses_a_row_without_position_side()
    {
        var errors = FillCsv.Errors("symbol,side,qty,price\nETHUSDT,BUY,1,3000\n", PositionMode.Hedge);

        Assert.Equal(["line 2, column position_side: \"\" must be LONG or SHORT in hedge mode"], errors);
    }

    [Fact]
    public void Hedge_mode_accepts_long_and_short_for_the_same_symbol()
    {
        var fills = FillCsv.Fills("symbol,side,qty,price,position_side\nETHUSDT,BUY,1,3000,LONG\nETHUSDT,SELL,1,3000,SHORT\n", PositionMode.Hedge);

        Assert.Equal([PositionSide.Long, PositionSide.Short], fills.Select(f => f.Fill.PositionSide));
    }

    [Theory]
    [InlineData("LONG")]
    [InlineData("short")]
    public void One_way_mode_refuses_long_or_short(string positionSide)
    {
        var errors = FillCsv.Errors($"symbol,side,qty,price,position_side\nETHUSDT,BUY,1,3000,{positionSide}\n", PositionMode.OneWay);

        Assert.Equal([$"line 2, column position_side: \"{positionSide}\" must be BOTH in one-way mode (use --mode hedge)"], errors);
    }

    [Fact]
    public void One_way_mode_accepts_both_and_a_missing_position_side()
    {
        var fills = FillCsv.Fills("symbol,side,qty,price,position_side\nETHUSDT,BUY,1,3000,BOTH\nETHUSDT,BUY,1,3000,\n", PositionMode.OneWay);

        Assert.Equal(2, fills.Count);
    }

    [Fact]
    public void Without_a_mode_every_position_side_is_accepted()
    {
        var fills = FillCsv.Fills("symbol,side,qty,price,position_side\nETHUSDT,BUY,1,3000,BOTH\nETHUSDT,BUY,1,3000,LONG\nETHUSDT,SELL,1,3000,SHORT\n");

        Assert.Equal(3, fills.Count);
    }

    private static InstrumentCatalog SpotEth() => FillCsv.Catalog(Instrument.Create("ETHUSDT", InstrumentKind.Spot, "ETH", "USDT"));

    [Theory]
    [InlineData("1")]
    [InlineData("2")]
    public void A_spot_buy_whose_base_asset_fee_is_not_smaller_than_qty_is_refused(string fee)
    {
        var errors = FillCsv.Errors($"symbol,side,qty,price,fee,fee_asset\nETHUSDT,BUY,1,3000,{fee},ETH\n", instruments: SpotEth());

        Assert.Equal([$"line 2, column fee: \"{fee}\" must be smaller than qty when charged in the base asset"], errors);
    }

    [Fact]
    public void A_spot_base_asset_fee_refusal_quotes_the_fee_as_written_in_the_file()
    {
        var errors = FillCsv.Errors("symbol,side,qty,price,fee,fee_asset\nETHUSDT,BUY,1,3000,1.00,ETH\n", instruments: SpotEth());

        Assert.Equal(["line 2, column fee: \"1.00\" must be smaller than qty when charged in the base asset"], errors);
    }

    [Fact]
    public void A_spot_buy_whose_base_asset_fee_is_smaller_than_qty_is_accepted()
    {
        var fill = FillCsv.Single("symbol,side,qty,price,fee,fee_asset\nETHUSDT,BUY,1,3000,0.001,ETH\n", instruments: SpotEth()).Fill;

        Assert.Equal(0.001m, fill.Fee);
    }

    [Fact]
    public void A_spot_fee_in_the_quote_asset_may_exceed_qty()
    {
        var fill = FillCsv.Single("symbol,side,qty,price,fee,fee_asset\nETHUSDT,BUY,1,3000,3,USDT\n", instruments: SpotEth()).Fill;

        Assert.Equal(3m, fill.Fee);
    }

    [Fact]
    public void A_perpetual_fee_in_the_base_asset_is_not_compared_with_qty()
    {
        // Perpetuals never adjust quantity for fees, so the spot rule does not apply.
        var fill = FillCsv.Single("symbol,side,qty,price,fee,fee_asset\nETHUSDT,BUY,1,3000,2,ETH\n").Fill;

        Assert.Equal(2m, fill.Fee);
    }

    [Fact]
    public void A_symbol_described_in_the_catalog_needs_no_quote_suffix()
    {
        var catalog = FillCsv.Catalog(Instrument.Create("XBTPERP", InstrumentKind.Linear, "XBT", "USDT"));

        var fill = FillCsv.Single("symbol,side,qty,price\nXBTPERP,BUY,1,3000\n", instruments: catalog).Fill;

        Assert.Equal("XBTPERP", fill.Symbol);
    }

    [Theory]
    [InlineData("\n")]
    [InlineData("  \n\n")]
    public void A_file_whose_first_line_is_blank_is_refused_as_empty(string csv)
    {
        var e = Assert.Throws<InputFileException>(() => FillCsv.Read(csv));

        Assert.Equal("fills.csv: the file is empty (a header line is required)", e.Message);
    }

    [Fact]
    public void A_file_with_no_characters_at_all_is_refused_as_empty()
    {
        // A UTF-8 file holding only a byte order mark reads as no characters at all.
        var e = Assert.Throws<InputFileException>(() => FillCsv.Read(string.Empty));

        Assert.Equal("fills.csv: the file is empty (a header line is required)", e.Message);
    }

    [Fact]
    public void A_missing_required_column_is_refused_by_name()
    {
        var e = Assert.Throws<InputFileException>(() => FillCsv.Read("symbol,side,price\nETHUSDT,BUY,3000\n"));

        Assert.Equal("fills.csv: missing required column qty (header has: symbol, side, price)", e.Message);
    }

    [Fact]
    public void Every_missing_required_column_is_named()
    {
        var e = Assert.Throws<InputFileException>(() => FillCsv.Read("symbol,side,ts\nETHUSDT,BUY,0\n"));

        Assert.Equal("fills.csv: missing required columns qty, price (header has: symbol, side, ts)", e.Message);
    }
}
