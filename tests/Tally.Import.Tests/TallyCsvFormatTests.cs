using Tally.Core;

namespace Tally.Import.Tests;

/// <summary>How good rows of the replay CSV become fills: column order, spellings, defaults and line numbers.</summary>
public sealed class TallyCsvFormatTests
{
    [Fact]
    public void Columns_may_come_in_any_order()
    {
        var fill = FillCsv.Single("price,trade_id,qty,side,symbol\n3000,t1,1.5,BUY,ETHUSDT\n").Fill;

        Assert.Equal("ETHUSDT", fill.Symbol);
        Assert.Equal(Side.Buy, fill.Side);
        Assert.Equal(1.5m, fill.Quantity);
        Assert.Equal(3000m, fill.Price);
        Assert.Equal("t1", fill.TradeId);
    }

    [Fact]
    public void Column_names_match_in_any_case_and_with_spaces_around_them()
    {
        var fill = FillCsv.Single("SYMBOL, Side ,QTY,Price,Fee_Asset\nETHUSDT,SELL,2,3100,BNB\n").Fill;

        Assert.Equal(Side.Sell, fill.Side);
        Assert.Equal(2m, fill.Quantity);
        Assert.Equal(3100m, fill.Price);
        Assert.Equal("BNB", fill.FeeAsset);
    }

    [Theory]
    [InlineData("BUY", Side.Buy)]
    [InlineData("buy", Side.Buy)]
    [InlineData("Buy", Side.Buy)]
    [InlineData("SELL", Side.Sell)]
    [InlineData("sell", Side.Sell)]
    [InlineData("sElL", Side.Sell)]
    public void Side_is_read_in_any_case(string text, Side expected)
    {
        var fill = FillCsv.Single($"symbol,side,qty,price\nETHUSDT,{text},1,3000\n").Fill;

        Assert.Equal(expected, fill.Side);
    }

    [Fact]
    public void Optional_columns_take_their_defaults_when_absent()
    {
        var parsed = FillCsv.Single("symbol,side,qty,price\nETHUSDT,BUY,1,3000\n");
        var fill = parsed.Fill;

        Assert.Equal("default", fill.Venue);
        Assert.Equal("default", fill.Account);
        Assert.Equal(PositionSide.Both, fill.PositionSide);
        Assert.Equal(0m, fill.Fee);
        Assert.Null(fill.FeeAsset); // null means the instrument's settlement asset
        Assert.Null(fill.FeeConversionPrice);
        Assert.Null(fill.Timestamp);
        Assert.Null(fill.OrderId);
        Assert.Null(fill.ClientOrderId);
        Assert.Null(fill.Strategy);
        Assert.Equal("2", fill.TradeId);
        Assert.Equal(2, parsed.Line);
    }

    [Fact]
    public void Blank_optional_values_take_the_same_defaults_as_absent_columns()
    {
        var fill = FillCsv.Single(
            "symbol,side,qty,price,ts,venue,account,position_side,fee,fee_asset,fee_price,trade_id,order_id,client_order_id,strategy\n" +
            "ETHUSDT,BUY,1,3000,,,,,,,,,,,\n").Fill;

        Assert.Equal("default", fill.Venue);
        Assert.Equal("default", fill.Account);
        Assert.Equal(PositionSide.Both, fill.PositionSide);
        Assert.Equal(0m, fill.Fee);
        Assert.Null(fill.FeeAsset);
        Assert.Null(fill.FeeConversionPrice);
        Assert.Null(fill.Timestamp);
        Assert.Null(fill.OrderId);
        Assert.Null(fill.ClientOrderId);
        Assert.Null(fill.Strategy);
        Assert.Equal("2", fill.TradeId);
    }

    [Fact]
    public void Every_optional_column_is_read_when_present()
    {
        var fill = FillCsv.Single(
            "strategy,client_order_id,order_id,trade_id,fee_price,fee_asset,fee,position_side,account,venue,ts,price,qty,side,symbol\n" +
            "trend,c-9,o-8,t-7,650.5,BNB,0.0012,long,main,binance,2025-01-06T09:00:00Z,3000.25,0.5,buy,ETHUSDT\n").Fill;

        Assert.Equal("trend", fill.Strategy);
        Assert.Equal("c-9", fill.ClientOrderId);
        Assert.Equal("o-8", fill.OrderId);
        Assert.Equal("t-7", fill.TradeId);
        Assert.Equal(650.5m, fill.FeeConversionPrice);
        Assert.Equal("BNB", fill.FeeAsset);
        Assert.Equal(0.0012m, fill.Fee);
        Assert.Equal(PositionSide.Long, fill.PositionSide);
        Assert.Equal("main", fill.Account);
        Assert.Equal("binance", fill.Venue);
        Assert.Equal(new DateTimeOffset(2025, 1, 6, 9, 0, 0, TimeSpan.Zero), fill.Timestamp);
        Assert.Equal(3000.25m, fill.Price);
        Assert.Equal(0.5m, fill.Quantity);
        Assert.Equal(Side.Buy, fill.Side);
        Assert.Equal("ETHUSDT", fill.Symbol);
    }

    [Theory]
    [InlineData("BOTH", PositionSide.Both)]
    [InlineData("long", PositionSide.Long)]
    [InlineData("Short", PositionSide.Short)]
    public void Position_side_is_read_in_any_case(string text, PositionSide expected)
    {
        var fill = FillCsv.Single($"symbol,side,qty,price,position_side\nETHUSDT,BUY,1,3000,{text}\n").Fill;

        Assert.Equal(expected, fill.PositionSide);
    }

    [Fact]
    public void Negative_fee_is_a_rebate_and_keeps_its_sign()
    {
        var fill = FillCsv.Single("symbol,side,qty,price,fee\nBTCUSDT,SELL,0.005,95500,-0.0955\n").Fill;

        Assert.Equal(-0.0955m, fill.Fee);
    }

    [Fact]
    public void Timestamp_may_be_iso_8601_utc()
    {
        var fill = FillCsv.Single("symbol,side,qty,price,ts\nETHUSDT,BUY,1,3000,2025-01-06T09:05:30.250Z\n").Fill;

        Assert.Equal(new DateTimeOffset(2025, 1, 6, 9, 5, 30, 250, TimeSpan.Zero), fill.Timestamp);
    }

    [Fact]
    public void Timestamp_may_be_unix_milliseconds()
    {
        // 1736154000000 ms = 2025-01-06T09:00:00Z.
        var fill = FillCsv.Single("symbol,side,qty,price,ts\nETHUSDT,BUY,1,3000,1736154000123\n").Fill;

        Assert.Equal(new DateTimeOffset(2025, 1, 6, 9, 0, 0, 123, TimeSpan.Zero), fill.Timestamp);
    }

    [Fact]
    public void Both_timestamp_forms_may_be_mixed_in_one_file()
    {
        var fills = FillCsv.Fills("symbol,side,qty,price,ts\nETHUSDT,BUY,1,3000,2025-01-06T09:00:00Z\nETHUSDT,SELL,1,3100,1736154000000\n");

        Assert.Equal(fills[0].Fill.Timestamp, fills[1].Fill.Timestamp);
    }

    [Fact]
    public void Trade_id_defaults_to_the_line_number()
    {
        var fills = FillCsv.Fills("symbol,side,qty,price,trade_id\nETHUSDT,BUY,1,3000,\nETHUSDT,BUY,1,3000,x-1\nETHUSDT,SELL,2,3100,\n");

        Assert.Equal(["2", "x-1", "4"], fills.Select(f => f.Fill.TradeId));
    }

    [Fact]
    public void Fills_come_back_in_file_order_with_their_line_numbers()
    {
        var fills = FillCsv.Fills("symbol,side,qty,price\nETHUSDT,BUY,1,3000\nBTCUSDT,SELL,0.1,96000\nETHUSDT,SELL,1,3100\n");

        Assert.Equal(["ETHUSDT", "BTCUSDT", "ETHUSDT"], fills.Select(f => f.Fill.Symbol));
        Assert.Equal([2, 3, 4], fills.Select(f => f.Line));
    }

    [Fact]
    public void Blank_lines_are_skipped_and_later_rows_keep_their_physical_line_numbers()
    {
        const string csv = "symbol,side,qty,price\n" + // line 1
            "ETHUSDT,BUY,1,3000\n" + // line 2
            "\n" + // line 3
            "   \n" + // line 4
            "ETHUSDT,SELL,1,3100\n" + // line 5
            "\n" + // line 6
            "ETHUSDT,BUY,2,3050\n"; // line 7

        var fills = FillCsv.Fills(csv);

        Assert.Equal([2, 5, 7], fills.Select(f => f.Line));
        Assert.Equal(["2", "5", "7"], fills.Select(f => f.Fill.TradeId));
    }

    [Fact]
    public void A_refused_row_after_blank_lines_is_reported_at_its_physical_line()
    {
        const string csv = "symbol,side,qty,price\n\nETHUSDT,BUY,1,3000\n\n\nETHUSDT,SELL,-1,3100\n";

        Assert.Equal(["line 6, column qty: \"-1\" is not a positive number"], FillCsv.Errors(csv));
    }

    [Fact]
    public void Windows_line_endings_are_read_like_unix_ones()
    {
        var fills = FillCsv.Fills("symbol,side,qty,price\r\nETHUSDT,BUY,1,3000\r\n\r\nETHUSDT,SELL,1,3100\r\n");

        Assert.Equal([2, 4], fills.Select(f => f.Line));
        Assert.Equal(3100m, fills[1].Fill.Price);
    }

    [Fact]
    public void A_quoted_value_may_contain_a_comma()
    {
        var fill = FillCsv.Single("symbol,side,qty,price,strategy\nETHUSDT,BUY,1,3000,\"trend, fast\"\n").Fill;

        Assert.Equal("trend, fast", fill.Strategy);
    }

    [Fact]
    public void A_row_after_a_quoted_value_spanning_two_lines_is_numbered_by_its_physical_line()
    {
        const string csv = "symbol,side,qty,price,strategy\n" + // line 1
            "ETHUSDT,BUY,1,3000,\"two\nlines\"\n" + // lines 2-3
            "ETHUSDT,SELL,1,3100,after\n"; // line 4

        var fills = FillCsv.Fills(csv);

        Assert.Equal("two\nlines", fills[0].Fill.Strategy);
        Assert.Equal(4, fills[1].Line);
    }

    [Theory]
    [InlineData("1E-2", "0.01")]
    [InlineData("1.5e3", "1500")]
    [InlineData("2E+1", "20")]
    public void Quantity_and_price_may_be_written_in_exponent_form(string text, string expected)
    {
        var fill = FillCsv.Single($"symbol,side,qty,price\nETHUSDT,BUY,{text},{text}\n").Fill;

        Assert.Equal(expected, DecimalText.Format(fill.Quantity));
        Assert.Equal(expected, DecimalText.Format(fill.Price));
    }

    [Fact]
    public void Values_keep_every_digit_written()
    {
        var fill = FillCsv.Single("symbol,side,qty,price,fee\nBTCUSDT,BUY,0.00000001,96123.456789012345,0.000000000000000001\n").Fill;

        Assert.Equal("0.00000001", DecimalText.Format(fill.Quantity));
        Assert.Equal("96123.456789012345", DecimalText.Format(fill.Price));
        Assert.Equal("0.000000000000000001", DecimalText.Format(fill.Fee));
    }

    [Fact]
    public void A_file_with_only_a_header_has_no_rows()
    {
        Assert.Empty(FillCsv.Read("symbol,side,qty,price\n"));
    }

    [Fact]
    public void Venue_and_account_from_the_options_override_the_file()
    {
        var options = new FillReadOptions(new InstrumentCatalog(), Venue: "bybit", Account: "sub1");
        var rows = TallyCsvFormat.Read(new StringReader("symbol,side,qty,price,venue,account\nETHUSDT,BUY,1,3000,binance,main\n"), FillCsv.Source, options).ToList();

        var fill = Assert.Single(rows).Fill!.Fill;
        Assert.Equal("bybit", fill.Venue);
        Assert.Equal("sub1", fill.Account);
    }
}
