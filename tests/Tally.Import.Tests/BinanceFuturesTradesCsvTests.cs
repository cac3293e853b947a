using Tally.Core;
using Tally.Import;
using static Tally.Import.Tests.BinanceFixtureTests;

namespace Tally.Import.Tests;

public sealed class BinanceFuturesTradesCsvTests
{
    // Older layout: times in UTC, plain numbers, the fee asset in its own column.
    private const string OlderExport = """
        Date(UTC),Symbol,Side,Price,Quantity,Amount,Fee,Fee Coin,Realized Profit,Quote Asset
        2024-01-02 03:04:05,BTCUSDT,BUY,42000.10,0.010,420.001,0.16800040,USDT,0,USDT
        2024-01-02 04:05:06,BTCUSDT,SELL,42500,0.010,425,-0.01,USDT,4.999,USDT
        2024-01-03 00:00:00,ETHUSDT,SELL,2300.5,1.5,3450.75,0.00045,BNB,0,USDT
        """;

    // Newer layout: zone in the file name, glued fees (with or without a space), real trade and order ids.
    private const string NewerExport = """
        Uid,Time,Symbol,Side,Price,Quantity,Amount,Fee,Realized Profit,Buyer,Maker,Trade ID,Order ID
        161257460,2026-05-29 18:25:01,BTCUSDT,BUY,73645.8,0.001,73.6458,0.03682290USDT,0,true,false,6927444046,832726459304
        161257460,26-05-30 03:35:09,BTCUSDC,SELL,73698.2,0.001,73.6982,0.29528919 USDC,0.05239999,false,true,419925075,49172439177
        """;

    private const string NewerExportName = "Binance-Futures-Trade-History-202606010920(UTC+3)-part1-of1.csv";

    private static List<RowResult> Read(string csv, FillReadOptions? options = null, string source = "futures.csv") =>
        BinanceFixtureTests.Read(BinanceFuturesTradesCsv.Read, csv, options, source);

    [Fact]
    public void Older_export_maps_every_column_with_times_in_UTC()
    {
        var fills = Fills(Read(OlderExport));

        Assert.Equal(3, fills.Count);
        Assert.Equal([2, 3, 4], fills.Select(f => f.Line));
        var first = fills[0].Fill;
        Assert.Equal(
            new Fill(
                Venue: "binance-futures",
                Account: "default",
                Symbol: "BTCUSDT",
                Side: Side.Buy,
                PositionSide: PositionSide.Both,
                Quantity: 0.01m,
                Price: 42000.1m,
                Fee: 0.1680004m,
                FeeAsset: "USDT",
                TradeId: first.TradeId,
                Timestamp: new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero),
                OrderId: null),
            first);
        Assert.Equal((Side.Sell, -0.01m), (fills[1].Fill.Side, fills[1].Fill.Fee));
        Assert.Equal(("ETHUSDT", 1.5m, 0.00045m, "BNB"), (fills[2].Fill.Symbol, fills[2].Fill.Quantity, fills[2].Fill.Fee, fills[2].Fill.FeeAsset));
    }

    [Fact]
    public void Newer_export_keeps_real_trade_and_order_ids_and_splits_glued_fees()
    {
        var fills = Fills(Read(NewerExport, source: NewerExportName));

        Assert.Equal(
            [("6927444046", "832726459304", 0.0368229m, "USDT"), ("419925075", "49172439177", 0.29528919m, "USDC")],
            fills.Select(f => (f.Fill.TradeId, f.Fill.OrderId!, f.Fill.Fee, f.Fill.FeeAsset!)));
    }

    [Fact]
    public void Plain_Time_column_is_read_in_the_zone_the_file_name_states()
    {
        var fills = Fills(Read(NewerExport, source: "/home/me/Downloads/" + NewerExportName));

        // 18:25:01 at UTC+3 is 15:25:01 UTC; "26-05-30" is a two-digit-year date, 2026-05-30.
        Assert.Equal(new DateTimeOffset(2026, 5, 29, 15, 25, 1, TimeSpan.Zero), fills[0].Fill.Timestamp);
        Assert.Equal(new DateTimeOffset(2026, 5, 30, 0, 35, 9, TimeSpan.Zero), fills[1].Fill.Timestamp);
    }

    [Theory]
    [InlineData("trades(UTC-5).csv", 5)]
    [InlineData("Binance-Futures-Trade-History-202603230520(UTC--6).csv", 6)]
    [InlineData("trades(UTC+5:30).csv", -5.5)]
    [InlineData("trades(UTC+0).csv", 0)]
    [InlineData("trades(UTC).csv", 0)]
    [InlineData("trades.csv", 0)]
    public void Zone_in_the_file_name_shifts_plain_times_to_UTC(string source, double hoursToAdd)
    {
        const string csv = "Time,Symbol,Side,Price,Quantity,Fee\n2026-01-01 12:00:00,BTCUSDT,BUY,100,1,0.1USDT\n";

        var fill = Assert.Single(Fills(Read(csv, source: source))).Fill;

        Assert.Equal(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero).AddHours(hoursToAdd), fill.Timestamp);
    }

    [Fact]
    public void Utc_header_wins_over_a_zone_in_the_file_name()
    {
        var fill = Fills(Read(OlderExport, source: "export(UTC+8).csv"))[0].Fill;

        Assert.Equal(new DateTimeOffset(2024, 1, 2, 3, 4, 5, TimeSpan.Zero), fill.Timestamp);
    }

    [Theory]
    [InlineData("LONG", PositionSide.Long)]
    [InlineData("Short", PositionSide.Short)]
    [InlineData("BOTH", PositionSide.Both)]
    [InlineData("", PositionSide.Both)]
    public void Position_Side_column_is_read_when_present(string cell, PositionSide expected)
    {
        var csv = $"Date(UTC),Symbol,Side,Position Side,Price,Quantity,Fee\n2024-01-02 03:04:05,BTCUSDT,BUY,{cell},100,1,0.1\n";

        Assert.Equal(expected, Assert.Single(Fills(Read(csv))).Fill.PositionSide);
    }

    [Fact]
    public void Hedge_mode_refusal_names_the_Position_Side_column()
    {
        var csv = "Date(UTC),Symbol,Side,Position Side,Price,Quantity,Fee\n2024-01-02 03:04:05,BTCUSDT,BUY,BOTH,100,1,0.1\n";

        Assert.Equal(new RowError(2, "Position Side", "BOTH", "must be LONG or SHORT in hedge mode"), SingleError(Read(csv, Options(PositionMode.Hedge))));
    }

    [Fact]
    public void Reading_the_same_export_twice_gives_the_same_synthetic_ids()
    {
        var first = Fills(Read(OlderExport)).Select(f => f.Fill.TradeId).ToList();
        var second = Fills(Read(OlderExport)).Select(f => f.Fill.TradeId).ToList();

        Assert.Equal(first, second);
        Assert.Equal(3, first.Distinct().Count());
        Assert.All(first, id => Assert.Matches("^csv-[0-9a-f]{16}-1$", id));
    }

    [Fact]
    public void Identical_rows_are_separate_fills_numbered_by_occurrence()
    {
        const string csv = """
            Date(UTC),Symbol,Side,Price,Quantity,Fee
            2024-01-02 03:04:05,BTCUSDT,BUY,100,1,0.1
            2024-01-02 03:04:05,BTCUSDT,BUY,100,1,0.1
            """;

        var ids = Fills(Read(csv)).Select(f => f.Fill.TradeId).ToList();

        Assert.Equal(2, ids.Count);
        Assert.Equal(ids[0][..^1] + "2", ids[1]);
    }

    [Fact]
    public void Synthetic_ids_depend_on_meaning_not_on_how_numbers_or_headers_are_written()
    {
        const string plain = "Date(UTC),Symbol,Side,Price,Quantity,Fee\n2024-01-02 03:04:05,BTCUSDT,BUY,100,1,0.1\n";
        const string padded = "quantity, fee ,PRICE,date(utc),symbol,side\n1.000,0.10,100.00,2024-01-02 03:04:05,BTCUSDT,buy\n";

        Assert.Equal(Assert.Single(Fills(Read(plain))).Fill.TradeId, Assert.Single(Fills(Read(padded))).Fill.TradeId);
    }

    [Fact]
    public void Bad_row_is_reported_with_its_line_and_column_header_while_others_parse()
    {
        const string csv = """
            Date(UTC),Symbol,Side,Price,Quantity,Fee
            2024-01-02 03:04:05,BTCUSDT,BUY,100,1,0.1
            2024-01-02 03:04:06,BTCUSDT,BUY,abc,1,0.1
            2024-01-02 03:04:07,BTCUSDT,SELL,101,1,0.1
            """;

        var rows = Read(csv);

        Assert.Equal("line 3, column Price: \"abc\" is not a positive number (like 0.5 or 0.5BTC)", SingleError(rows).ToString());
        Assert.Equal([2, 4], rows.Where(r => r.Fill is not null).Select(r => r.Fill!.Line));
    }

    [Theory]
    [InlineData("2024-13-02 03:04:05,BTCUSDT,BUY,100,1,0.1", "Date(UTC)", "2024-13-02 03:04:05", "is not a time like 2024-01-02 03:04:05")]
    [InlineData("2024-01-02 03:04:05,,BUY,100,1,0.1", "Symbol", "", "is empty")]
    [InlineData("2024-01-02 03:04:05,BTCUSDT,LONG,100,1,0.1", "Side", "LONG", "is not BUY or SELL")]
    [InlineData("2024-01-02 03:04:05,BTCUSDT,BUY,100,-1,0.1", "Quantity", "-1", "is not a positive number (like 0.5 or 0.5BTC)")]
    [InlineData("2024-01-02 03:04:05,BTCUSDT,BUY,100,1,0.1 US-DT", "Fee", "0.1 US-DT", "is not a number with an optional asset (like 0.5 or 0.5BTC)")]
    [InlineData("2024-01-02 03:04:05,NOQUOTE,BUY,100,1,0.1", "Symbol", "NOQUOTE", "has no known quote asset; describe it with --instruments")]
    public void Bad_values_are_row_errors_naming_the_files_column(string row, string column, string value, string problem)
    {
        var error = SingleError(Read($"Date(UTC),Symbol,Side,Price,Quantity,Fee\n{row}\n"));

        Assert.Equal(new RowError(2, column, value, problem), error);
    }

    [Fact]
    public void Fee_Coin_that_disagrees_with_the_asset_glued_on_the_fee_is_refused()
    {
        const string csv = "Date(UTC),Symbol,Side,Price,Quantity,Fee,Fee Coin\n2024-01-02 03:04:05,BTCUSDT,BUY,100,1,0.1USDT,BNB\n";

        Assert.Equal(new RowError(2, "Fee Coin", "BNB", "disagrees with the asset USDT written in Fee"), SingleError(Read(csv)));
    }

    [Fact]
    public void Empty_Trade_ID_cell_is_refused_when_the_file_has_trade_ids()
    {
        const string csv = "Time,Symbol,Side,Price,Quantity,Fee,Trade ID\n2026-01-01 00:00:00,BTCUSDT,BUY,100,1,0.1USDT,\n";

        Assert.Equal(new RowError(2, "Trade ID", "", "is empty"), SingleError(Read(csv)));
    }

    [Fact]
    public void Repeated_Trade_ID_is_refused_as_a_duplicate()
    {
        const string csv = "Time,Symbol,Side,Price,Quantity,Fee,Trade ID\n26-01-01 00:00:00,BTCUSDT,BUY,100,1,0.1USDT,9\n26-01-01 00:00:01,BTCUSDT,BUY,100,1,0.1USDT,9\n";

        var error = SingleError(Read(csv));

        Assert.Equal((3, "Trade ID", "9"), (error.Line, error.Column, error.Value));
    }

    [Fact]
    public void Headers_match_case_insensitively_after_trimming_and_a_byte_order_mark_is_skipped()
    {
        const string csv = "\uFEFF date(utc) , SYMBOL ,side,price,QUANTITY,fee coin,FEE\n2024-01-02 03:04:05,BTCUSDT,buy,100,1,usdt,0.1\n";

        var fill = Assert.Single(Fills(Read(csv))).Fill;

        Assert.Equal((Side.Buy, 1m, 0.1m, "USDT"), (fill.Side, fill.Quantity, fill.Fee, fill.FeeAsset));
    }

    [Fact]
    public void Missing_required_columns_are_a_whole_file_error_listing_accepted_spellings()
    {
        // Amount is the notional (price × quantity), so it is never taken for the quantity.
        const string csv = "Date(UTC),Symbol,Side,Amount,Fee\n2024-01-02 03:04:05,BTCUSDT,BUY,100,0.1\n";

        var error = Assert.Throws<InputFileException>(() => Read(csv));

        Assert.Equal("futures.csv: not a Binance futures trade-history export: missing columns Price; Quantity or Qty", error.Message);
    }

    [Fact]
    public void Missing_time_column_lists_every_time_spelling()
    {
        var error = Assert.Throws<InputFileException>(() => Read("Symbol,Side,Price,Quantity\nBTCUSDT,BUY,1,1\n"));

        Assert.EndsWith("missing column Date(UTC) or Date (UTC) or Time(UTC) or Time (UTC) or Time or Date", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("\n\n")]
    [InlineData("\uFEFF")]
    public void Empty_file_is_a_whole_file_error(string text)
    {
        var error = Assert.Throws<InputFileException>(() => Read(text));

        Assert.Equal("futures.csv: the file is empty (a header line is required)", error.Message);
    }

    [Fact]
    public void Venue_and_account_follow_the_options()
    {
        var fill = Fills(Read(OlderExport, Options(venue: "bn-um", account: "sub1")))[0].Fill;

        Assert.Equal(("bn-um", "sub1"), (fill.Venue, fill.Account));
    }
}
