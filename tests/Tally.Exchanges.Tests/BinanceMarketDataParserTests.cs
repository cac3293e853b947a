using Tally.Core;
using Tally.Exchanges.Binance.Market;

namespace Tally.Exchanges.Tests;

/// <summary>The market-stream parser on the examples of binance-wire-market.md §2.</summary>
public sealed class BinanceMarketDataParserTests
{
    private const string AggTradeExample = """{"e":"aggTrade","E":1767225660105,"s":"ETHUSDT","a":2143889012,"p":"3412.55","q":"1.284","nq":"1.284","f":6021339870,"l":6021339874,"T":1767225660098,"m":true}""";
    private const string MarkPriceExample = """{"e":"markPriceUpdate","E":1767225661000,"s":"ETHUSDT","p":"3412.80000000","i":"3411.95125000","P":"3410.02000000","r":"0.00010000","T":1767254400000}""";
    private const string KlineExample = """{"e":"kline","E":1767225720004,"s":"ETHUSDT","k":{"t":1767225660000,"T":1767225719999,"s":"ETHUSDT","i":"1m","f":6021339870,"L":6021341102,"o":"3412.55","c":"3414.10","h":"3415.00","l":"3411.20","v":"842.519","n":1233,"x":true,"q":"2875430.11","V":"401.227","Q":"1369390.57","B":"0"}}""";
    private const string RestRows = """[[1767225660000,"3412.55","3415.00","3411.20","3414.10","842.519",1767225719999,"2875430.11",1233,"401.227","1369390.57","0"]]""";

    [Fact]
    public void An_agg_trade_reads_every_field_and_m_true_means_the_taker_sold()
    {
        var trade = Assert.IsType<BinanceMarketEvent.AggTrade>(BinanceMarketDataParser.Parse(AggTradeExample));
        Assert.Equal(new BinanceMarketEvent.AggTrade(1767225660105, "ETHUSDT", 2143889012, 3412.55m, 1.284m, 6021339870, 6021339874, 1767225660098, true), trade);
        Assert.Equal(Side.Sell, trade.TakerSide);
        Assert.Equal("ETHUSDT", trade.Symbol);
    }

    [Fact]
    public void A_spot_agg_trade_without_nq_and_with_the_ignored_M_reads_the_same_fields()
    {
        const string spot = """{"e":"aggTrade","E":1767225660105,"s":"BNBBTC","a":12345,"p":"0.00123400","q":"100.00000000","f":100,"l":105,"T":1767225660098,"m":false,"M":true}""";
        var trade = Assert.IsType<BinanceMarketEvent.AggTrade>(BinanceMarketDataParser.Parse(spot));
        Assert.Equal(new BinanceMarketEvent.AggTrade(1767225660105, "BNBBTC", 12345, 0.001234m, 100m, 100, 105, 1767225660098, false), trade);
        Assert.Equal(Side.Buy, trade.TakerSide);
        Assert.Equal(trade, BinanceMarketDataParser.Parse($$"""{"stream":"bnbbtc@aggTrade","data":{{spot}}}"""));
    }

    [Fact]
    public void A_mark_price_reads_mark_index_settle_funding_and_next_funding()
    {
        var mark = Assert.IsType<BinanceMarketEvent.MarkPrice>(BinanceMarketDataParser.Parse(MarkPriceExample));
        Assert.Equal(new BinanceMarketEvent.MarkPrice(1767225661000, "ETHUSDT", 3412.8m, 3411.95125m, 3410.02m, 0.0001m, 1767254400000), mark);

        // Delivery contracts send r "" and T 0.
        var delivery = Assert.IsType<BinanceMarketEvent.MarkPrice>(BinanceMarketDataParser.Parse(MarkPriceExample.Replace("\"0.00010000\"", "\"\"", StringComparison.Ordinal)));
        Assert.Null(delivery.FundingRate);
    }

    [Fact]
    public void A_closed_kline_equals_its_rest_row()
    {
        var kline = Assert.IsType<BinanceMarketEvent.Kline>(BinanceMarketDataParser.Parse(KlineExample));
        Assert.True(kline.IsClosed);
        Assert.False(kline.IsBackFilled);
        Assert.Equal((6021339870L, 6021341102L), (kline.FirstTradeId, kline.LastTradeId));
        var row = Assert.Single(BinanceKline.ParseRows(RestRows, "ETHUSDT", "1m"));
        Assert.Equal(row, kline.Bar);
        Assert.Equal(441.292m, row.TakerSellVolume); // 842.519 − 401.227
    }

    [Fact]
    public void The_combined_wrapper_gives_the_same_event()
    {
        var wrapped = $$"""{"stream":"ethusdt@aggTrade","data":{{AggTradeExample}}}""";
        Assert.Equal(BinanceMarketDataParser.Parse(AggTradeExample), BinanceMarketDataParser.Parse(wrapped));
    }

    [Fact]
    public void Other_events_and_arrays_are_unknown_not_errors()
    {
        var book = Assert.IsType<BinanceMarketEvent.Unknown>(BinanceMarketDataParser.Parse("""{"e":"bookTicker","u":1,"s":"ETHUSDT"}"""));
        Assert.Equal("bookTicker", book.EventType);
        Assert.IsType<BinanceMarketEvent.Unknown>(BinanceMarketDataParser.Parse($"[{MarkPriceExample}]"));
    }

    [Theory]
    [InlineData("not json", "not valid JSON")]
    [InlineData("""{"x":1}""", "field 'e' is missing")]
    [InlineData("""{"stream":"ethusdt@kline_1m","data":{"e":"kline","E":1,"s":"ETHUSDT","k":{"t":1,"T":2,"i":"1m","o":"1","c":"x","h":"1","l":"1","v":"1","n":1,"x":true,"q":"1","V":"1","Q":"1"}}}""", "field 'data.k.c' must be a decimal")]
    [InlineData("""{"e":"aggTrade","E":1,"s":"ETHUSDT","a":1,"p":"1","q":"1","f":1,"l":1,"T":1}""", "field 'm' is missing")]
    public void A_bad_frame_is_a_format_error_naming_the_field(string json, string expected)
    {
        var error = Assert.ThrowsAny<FormatException>(() => BinanceMarketDataParser.Parse(json));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Market_event_cases_are_sealed()
    {
        var cases = typeof(BinanceMarketEvent).Assembly.GetExportedTypes().Where(type => type.IsSubclassOf(typeof(BinanceMarketEvent))).ToList();
        Assert.Equal(4, cases.Count);
        Assert.All(cases, type => Assert.True(type.IsSealed, $"{type.Name} is not sealed"));
    }
}
