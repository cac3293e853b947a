using Tally.Import;
using static Tally.Import.Tests.BinanceFixtureTests;

namespace Tally.Import.Tests;

/// <summary>The format registry, with the Binance formats beside the Tally CSV.</summary>
public sealed class BinanceFillFormatsTests
{
    [Fact]
    public void Names_list_the_tally_csv_first_then_the_Binance_formats()
    {
        Assert.Equal(
            ["tally-csv", "binance-futures-trades-json", "binance-spot-trades-json", "binance-futures-trades-csv", "binance-spot-trades-csv"],
            FillFormats.Names);
    }

    [Fact]
    public void Unknown_format_is_a_whole_file_error_listing_the_valid_names()
    {
        var error = Assert.Throws<InputFileException>(() => FillFormats.Read("binance-csv", new StringReader(""), "fills.csv", Options()));

        Assert.Equal(
            "fills.csv: unknown fill format \"binance-csv\"; valid formats: tally-csv, binance-futures-trades-json, binance-spot-trades-json, binance-futures-trades-csv, binance-spot-trades-csv",
            error.Message);
    }

    [Fact]
    public void Names_match_exactly()
    {
        Assert.Throws<InputFileException>(() => FillFormats.Read("Tally-CSV", new StringReader("symbol,side,qty,price\n"), "fills.csv", Options()));
    }

    [Theory]
    [InlineData("tally-csv", "symbol,side,qty,price,trade_id\nBTCUSDT,BUY,1,100,42\n", "default", "42")]
    [InlineData("binance-futures-trades-json", """[{"symbol":"BTCUSDT","id":42,"orderId":7,"side":"BUY","price":"100","qty":"1","time":1767225600000}]""", "binance-futures", "42")]
    [InlineData("binance-spot-trades-json", """[{"symbol":"BTCUSDT","id":42,"orderId":7,"isBuyer":true,"price":"100","qty":"1","time":1767225600000}]""", "binance-spot", "42")]
    [InlineData("binance-futures-trades-csv", "Time,Symbol,Side,Price,Quantity,Trade ID\n2026-01-01 00:00:00,BTCUSDT,BUY,100,1,42\n", "binance-futures", "42")]
    [InlineData("binance-spot-trades-csv", "Date(UTC),Pair,Side,Price,Executed,Amount,Fee\n2026-01-01 00:00:00,BTCUSDT,BUY,100,1BTC,100USDT,0.1USDT\n", "binance-spot", "csv-")]
    public void Each_name_reads_its_own_format(string format, string text, string venue, string tradeIdStart)
    {
        var fill = Assert.Single(Fills(FillFormats.Read(format, new StringReader(text), "input", Options()))).Fill;

        Assert.Equal(("BTCUSDT", venue), (fill.Symbol, fill.Venue));
        Assert.StartsWith(tradeIdStart, fill.TradeId, StringComparison.Ordinal);
    }

    [FixtureFact]
    public void Recorded_userTrades_body_reads_through_the_registry()
    {
        var rows = FillFormats.Read("binance-futures-trades-json", new StringReader(RawText("nautilus_fapi_rest_user_trades.json")), "userTrades.json", Options());

        Assert.Equal(["82357626", "82357629"], Fills(rows).Select(f => f.Fill.TradeId));
    }
}
