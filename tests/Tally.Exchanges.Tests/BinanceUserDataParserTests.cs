using Tally.Exchanges.Binance;

namespace Tally.Exchanges.Tests;

public sealed class BinanceUserDataParserTests
{
    private const string BareOrderUpdate =
        """{"e":"ORDER_TRADE_UPDATE","T":1634812374563,"E":1634812374567,"o":{"s":"XRPUSDT","c":"-gAC6QMAAQAAYIZV_g4X","S":"SELL","o":"LIMIT","f":"GTC","q":"5","p":"1.1583","ap":"1.15830","sp":"0","x":"TRADE","X":"FILLED","i":17803846427,"l":"5","z":"5","L":"1.1583","n":"0.00115829","N":"USDT","T":1634812374563,"t":673747843,"b":"0","a":"0","m":true,"R":false,"wt":"CONTRACT_PRICE","ot":"LIMIT","ps":"BOTH","cp":false,"rp":"0","pP":false,"si":0,"ss":0}}""";

    [Fact]
    public void Bare_combined_stream_and_subscription_framings_give_the_same_event()
    {
        var bare = Order(BinanceUserDataParser.Parse(BareOrderUpdate));
        var combined = Order(BinanceUserDataParser.Parse($$"""{"stream":"pqia91ma19a5s61cv6a81va65sdf19v8a65a1a5s61cv6a81va65sdf19v8a65a1","data":{{BareOrderUpdate}}}"""));
        var subscription = Order(BinanceUserDataParser.Parse($$"""{"subscriptionId":3,"event":{{BareOrderUpdate}}}"""));

        Assert.Equal(bare, combined);
        Assert.Equal(bare, subscription);
    }

    [FixtureFact]
    public void Combined_stream_wrapper_is_unwrapped_for_recorded_payloads()
    {
        var report = BinanceUserDataParser.Parse(BinanceFixtures.RawText("roq_spot_ws_execution_report_wrapped_new.json"));

        Assert.Equal(
            BinanceFixtures.RoqInt64("roq_spot_ws_execution_report_wrapped_new.json", "obj.data.event_time"),
            Assert.IsType<BinanceUserDataEvent.ExecutionReport>(report).EventTime);
    }

    [FixtureFact]
    public void Subscription_wrapper_is_unwrapped_for_recorded_payloads()
    {
        var report = BinanceUserDataParser.Parse(BinanceFixtures.RawText("roq_spot_wsapi_execution_report_empty.json"));

        Assert.IsType<BinanceUserDataEvent.ExecutionReport>(report);
    }

    [Theory]
    [InlineData("""{"e":"MARGIN_CALL","E":1587727187525,"cw":"3.16812045","p":[]}""", "MARGIN_CALL")]
    [InlineData("""{"e":"balanceUpdate","E":1573200697110,"a":"BTC","d":"100.00000000","T":1573200697068}""", "balanceUpdate")]
    [InlineData("""{"subscriptionId":0,"event":{"e":"SOMETHING_NEW_IN_2027","E":1}}""", "SOMETHING_NEW_IN_2027")]
    [InlineData("""{"stream":"k","data":{"e":"ALGO_UPDATE","E":1,"o":{"whatever":[1,2,3]}}}""", "ALGO_UPDATE")]
    public void Unknown_event_type_is_returned_not_thrown(string json, string eventType)
    {
        var unknown = Assert.IsType<BinanceUserDataEvent.Unknown>(BinanceUserDataParser.Parse(json));

        Assert.Equal(eventType, unknown.EventType);
        Assert.StartsWith("{\"e\":\"" + eventType + "\"", unknown.Raw, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"l\":\"5\"", "\"l\":\"five\"", "'o.l'")]
    [InlineData("\"l\":\"5\",", "", "'o.l' is missing")]
    [InlineData("\"i\":17803846427", "\"i\":1.78e10", "'o.i'")]
    [InlineData("\"S\":\"SELL\"", "\"S\":\"SHORT\"", "'o.S'")]
    [InlineData("\"ps\":\"BOTH\"", "\"ps\":\"BOTHS\"", "'o.ps'")]
    [InlineData("\"E\":1634812374567", "\"E\":true", "'E'")]
    [InlineData("\"m\":true", "\"m\":\"maybe\"", "'o.m'")]
    public void Malformed_known_event_throws_naming_the_field(string field, string replacement, string expected)
    {
        var json = BareOrderUpdate.Replace(field, replacement, StringComparison.Ordinal);
        Assert.NotEqual(BareOrderUpdate, json);

        var error = Assert.ThrowsAny<FormatException>(() => BinanceUserDataParser.Parse(json));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains("ORDER_TRADE_UPDATE", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Malformed_field_inside_an_envelope_is_named_by_its_path_in_the_frame()
    {
        var json = $$"""{"stream":"k","data":{{BareOrderUpdate.Replace("\"L\":\"1.1583\"", "\"L\":\"\"", StringComparison.Ordinal)}}}""";

        var error = Assert.ThrowsAny<FormatException>(() => BinanceUserDataParser.Parse(json));

        Assert.Contains("'data.o.L'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"e":"ACCOUNT_UPDATE","E":1,"T":2,"a":{"m":"ORDER","B":[{"a":"USDT","cw":"1"}]}}""", "'a.B[0].wb' is missing")]
    [InlineData("""{"e":"ACCOUNT_UPDATE","E":1,"T":2,"a":{"m":"ORDER","P":[{"s":"BTCUSDT","pa":"1","ps":"BOTH","ep":"x"}]}}""", "'a.P[0].ep'")]
    [InlineData("""{"e":"ACCOUNT_UPDATE","E":1,"T":2}""", "'a' is missing")]
    [InlineData("""{"e":"TRADE_LITE","E":1,"T":2,"s":"ETHUSDT","m":false,"c":"x","S":"BUY","L":"1","l":"1","i":5}""", "'t' is missing")]
    [InlineData("""{"e":"executionReport","E":1,"s":"BTCUSDT","c":"x","S":"BUY","o":"LIMIT","q":"1","p":"1","x":"NEW","X":"NEW","i":"12a","l":"0","z":"0","L":"0","T":1}""", "'i'")]
    [InlineData("""{"e":"outboundAccountPosition","E":1,"u":2,"B":{"a":"BTC"}}""", "'B' must be an array")]
    [InlineData("""{"e":"listenKeyExpired","E":"soon"}""", "'E'")]
    public void Malformed_known_events_of_every_kind_name_the_field(string json, string expected)
    {
        var error = Assert.ThrowsAny<FormatException>(() => BinanceUserDataParser.Parse(json));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("""{"id":"abc","status":200,"result":{}}""")]
    public void Frame_without_an_event_type_is_a_format_error(string json)
    {
        Assert.ThrowsAny<FormatException>(() => BinanceUserDataParser.Parse(json));
    }

    private static BinanceFuturesOrderUpdate Order(BinanceUserDataEvent parsed) =>
        Assert.IsType<BinanceUserDataEvent.OrderTradeUpdate>(parsed).Order;
}
