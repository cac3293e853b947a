using System.Globalization;
using System.Net;
using System.Text.Json;
using static Tally.PaperExchange.Tests.MarketProbe;

namespace Tally.PaperExchange.Tests;

/// <summary>The public market streams: wire shape against binance-wire-market.md §2, wrappers, the shared price, faults.</summary>
public sealed class MarketStreamTests
{
    // The examples of binance-wire-market.md §2, as written there.
    private const string AggTradeExample = """{"e":"aggTrade","E":1767225660105,"s":"ETHUSDT","a":2143889012,"p":"3412.55","q":"1.284","nq":"1.284","f":6021339870,"l":6021339874,"T":1767225660098,"m":true}""";
    private const string MarkPriceExample = """{"e":"markPriceUpdate","E":1767225661000,"s":"ETHUSDT","p":"3412.80000000","i":"3411.95125000","P":"3410.02000000","r":"0.00010000","T":1767254400000}""";
    private const string KlineExample = """{"e":"kline","E":1767225720004,"s":"ETHUSDT","k":{"t":1767225660000,"T":1767225719999,"s":"ETHUSDT","i":"1m","f":6021339870,"L":6021341102,"o":"3412.55","c":"3414.10","h":"3415.00","l":"3411.20","v":"842.519","n":1233,"x":true,"q":"2875430.11","V":"401.227","Q":"1369390.57","B":"0"}}""";

    private const string EthStreams = "ethusdt@aggTrade/ethusdt@markPrice@1s/ethusdt@kline_1m";

    private static long Ms(DateTimeOffset t) => t.ToUnixTimeMilliseconds();

    [Fact]
    public async Task Combined_stream_wraps_each_event_with_its_stream_name_and_binance_field_names_and_types()
    {
        await using var x = await ExchangeFixture.StartAsync();
        using var socket = await ConnectAsync(x, "/stream", "streams=" + EthStreams);

        await StreamProbe.AdminAsync(x, "admin/price?symbol=ETHUSDT&price=3010&qty=1.5&side=SELL");
        var trade = await ReceiveAsync(socket);
        var kline = await ReceiveAsync(socket);

        Assert.Equal(["data:Object", "stream:String"], Shape(trade));
        Assert.Equal("ethusdt@aggTrade", trade.GetProperty("stream").GetString());
        var t = trade.GetProperty("data");
        Assert.Equal(Shape(AggTradeExample), Shape(t));
        Assert.Equal("3010", t.GetProperty("p").GetString());
        Assert.Equal("1.5", t.GetProperty("q").GetString());
        Assert.True(t.GetProperty("m").GetBoolean()); // the taker sold: the buyer was the maker
        Assert.Equal(Ms(ExchangeFixture.Start), t.GetProperty("T").GetInt64());

        Assert.Equal("ethusdt@kline_1m", kline.GetProperty("stream").GetString());
        var k = kline.GetProperty("data");
        using (var example = JsonDocument.Parse(KlineExample))
        {
            Assert.Equal(Shape(example.RootElement), Shape(k));
            Assert.Equal(Shape(example.RootElement.GetProperty("k")), Shape(k.GetProperty("k")));
        }

        var bar = k.GetProperty("k");
        Assert.False(bar.GetProperty("x").GetBoolean());
        Assert.Equal(Ms(ExchangeFixture.Start), bar.GetProperty("t").GetInt64());
        Assert.Equal(Ms(ExchangeFixture.Start) + 59_999, bar.GetProperty("T").GetInt64());
        Assert.Equal(["3010.00", "3010.00", "3010.00", "3010.00"], new[] { "o", "h", "l", "c" }.Select(f => bar.GetProperty(f).GetString()));
        Assert.Equal("1.5", bar.GetProperty("v").GetString());
        Assert.Equal("0", bar.GetProperty("V").GetString()); // no taker buy volume: the one trade was a sell
        Assert.Equal(t.GetProperty("a").GetInt64(), bar.GetProperty("f").GetInt64());

        // Each second of the exchange clock: markPriceUpdate at the whole second, the price as the matching sees it.
        x.Clock.Advance(TimeSpan.FromSeconds(1));
        var mark = await ReceiveAsync(socket);
        Assert.Equal("ethusdt@markPrice@1s", mark.GetProperty("stream").GetString());
        var m = mark.GetProperty("data");
        Assert.Equal(Shape(MarkPriceExample), Shape(m));
        Assert.Equal(Ms(ExchangeFixture.Start) + 1000, m.GetProperty("E").GetInt64());
        Assert.Equal("3010.00000000", m.GetProperty("p").GetString());
        Assert.Equal(Ms(x.Host.Venue.NextFundingTime), m.GetProperty("T").GetInt64());
    }

    [Fact]
    public async Task Raw_paths_send_bare_events_of_the_named_streams_only()
    {
        await using var x = await ExchangeFixture.StartAsync();
        using var legacy = await ConnectAsync(x, "/ws/ethusdt@aggTrade");
        using var routed = await ConnectAsync(x, "/market/ws/btcusdt@aggTrade/ethusdt@markPrice");

        await StreamProbe.AdminAsync(x, "admin/price?symbol=ETHUSDT&price=2990");
        await StreamProbe.AdminAsync(x, "admin/price?symbol=BTCUSDT&price=91000");
        var eth = await ReceiveAsync(legacy);
        Assert.Equal("aggTrade", eth.GetProperty("e").GetString());
        Assert.Equal("ETHUSDT", eth.GetProperty("s").GetString());
        Assert.True(eth.GetProperty("m").GetBoolean()); // the price fell: a seller took

        var btc = await ReceiveAsync(routed);
        Assert.Equal("BTCUSDT", btc.GetProperty("s").GetString());
        Assert.False(btc.GetProperty("m").GetBoolean()); // the price rose: a buyer took

        // @markPrice (no @1s) comes every third second: 00:00:03.
        x.Clock.Advance(TimeSpan.FromSeconds(3));
        var mark = await ReceiveAsync(routed);
        Assert.Equal("markPriceUpdate", mark.GetProperty("e").GetString());
        Assert.Equal(Ms(ExchangeFixture.Start) + 3000, mark.GetProperty("E").GetInt64());
    }

    [Fact]
    public async Task An_admin_price_move_is_seen_by_the_stream_and_by_order_matching_alike()
    {
        await using var x = await ExchangeFixture.StartAsync();
        using var socket = await ConnectAsync(x, "/ws/ethusdt@aggTrade");

        // A resting buy well below the market: placing it steps the walk once, which the tape shows too.
        using (var placed = await x.Client.SignedPostAsync("fapi/v1/order", "symbol=ETHUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.1&price=2900&newClientOrderId=rest-1"))
        {
            Assert.Equal(HttpStatusCode.OK, placed.StatusCode);
        }

        var step = await ReceiveAsync(socket);
        Assert.Equal(x.Host.Venue.MarkPrice("ETHUSDT"), decimal.Parse(step.GetProperty("p").GetString()!, CultureInfo.InvariantCulture));

        await StreamProbe.AdminAsync(x, "admin/price?symbol=ETHUSDT&price=2890");
        var move = await ReceiveAsync(socket);
        Assert.Equal("2890", move.GetProperty("p").GetString());
        using (var order = await x.Client.SignedGetAsync("fapi/v1/order", "symbol=ETHUSDT&origClientOrderId=rest-1"))
        {
            Assert.Equal("FILLED", (await PaperClient.JsonAsync(order)).GetProperty("status").GetString());
        }

        // A market order trades at the step the tape shows for it.
        using (var market = await x.Client.SignedPostAsync("fapi/v1/order", "symbol=ETHUSDT&side=SELL&type=MARKET&quantity=0.1&newOrderRespType=RESULT"))
        {
            var fill = await PaperClient.JsonAsync(market);
            var tape = await ReceiveAsync(socket);
            Assert.Equal(PaperClient.Dec(fill, "avgPrice"), decimal.Parse(tape.GetProperty("p").GetString()!, CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public async Task A_minute_closes_with_x_true_on_the_exchange_clock_and_equals_its_rest_row()
    {
        await using var x = await ExchangeFixture.StartAsync();
        using var socket = await ConnectAsync(x, "/ws/ethusdt@kline_1m");

        await StreamProbe.AdminAsync(x, "admin/price?symbol=ETHUSDT&price=3005&qty=2&side=BUY");
        await StreamProbe.AdminAsync(x, "admin/price?symbol=ETHUSDT&price=2995&qty=1&side=SELL");
        await StreamProbe.AdminAsync(x, "admin/price?symbol=ETHUSDT&price=3001&qty=0.5&side=BUY");
        for (var i = 0; i < 3; i++)
        {
            Assert.False((await ReceiveAsync(socket)).GetProperty("k").GetProperty("x").GetBoolean());
        }

        for (var i = 0; i < 60; i++)
        {
            x.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        var closed = (await ReceiveAsync(socket)).GetProperty("k");
        Assert.True(closed.GetProperty("x").GetBoolean());
        Assert.Equal(["3005.00", "3005.00", "2995.00", "3001.00"], new[] { "o", "h", "l", "c" }.Select(f => closed.GetProperty(f).GetString()));
        Assert.Equal("3.5", closed.GetProperty("v").GetString());
        Assert.Equal("2.5", closed.GetProperty("V").GetString()); // taker buys: 2 + 0.5
        Assert.Equal(3, closed.GetProperty("n").GetInt64());

        using var response = await x.Client.GetAsync($"fapi/v1/klines?symbol=ETHUSDT&interval=1m&startTime={Ms(ExchangeFixture.Start)}&limit=1");
        var row = Assert.Single((await PaperClient.JsonAsync(response)).EnumerateArray()).EnumerateArray().ToArray();
        Assert.Equal(12, row.Length);
        Assert.Equal(
            [JsonValueKind.Number, JsonValueKind.String, JsonValueKind.String, JsonValueKind.String, JsonValueKind.String, JsonValueKind.String,
             JsonValueKind.Number, JsonValueKind.String, JsonValueKind.Number, JsonValueKind.String, JsonValueKind.String, JsonValueKind.String],
            row.Select(v => v.ValueKind));
        Assert.Equal(closed.GetProperty("t").GetInt64(), row[0].GetInt64());
        Assert.Equal(closed.GetProperty("o").GetString(), row[1].GetString());
        Assert.Equal(closed.GetProperty("h").GetString(), row[2].GetString());
        Assert.Equal(closed.GetProperty("l").GetString(), row[3].GetString());
        Assert.Equal(closed.GetProperty("c").GetString(), row[4].GetString());
        Assert.Equal(closed.GetProperty("v").GetString(), row[5].GetString());
        Assert.Equal(closed.GetProperty("T").GetInt64(), row[6].GetInt64());
        Assert.Equal(closed.GetProperty("q").GetString(), row[7].GetString());
        Assert.Equal(closed.GetProperty("n").GetInt64(), row[8].GetInt64());
        Assert.Equal(closed.GetProperty("V").GetString(), row[9].GetString());
        Assert.Equal(closed.GetProperty("Q").GetString(), row[10].GetString());
    }

    [Fact]
    public async Task Market_faults_drop_delay_silence_and_disconnect_like_the_user_stream()
    {
        await using var x = await ExchangeFixture.StartAsync();
        using var socket = await ConnectAsync(x, "/ws/ethusdt@aggTrade");

        // drop: the first move never arrives, the second does.
        await StreamProbe.AdminAsync(x, "admin/market-faults?kind=drop&count=1");
        await StreamProbe.AdminAsync(x, "admin/price?symbol=ETHUSDT&price=3001");
        await StreamProbe.AdminAsync(x, "admin/price?symbol=ETHUSDT&price=3002");
        Assert.Equal("3002", (await ReceiveAsync(socket)).GetProperty("p").GetString());

        // silent: two moves swallowed while the socket stays open, the third arrives.
        await StreamProbe.AdminAsync(x, "admin/market-faults?kind=silent&count=2");
        await StreamProbe.AdminAsync(x, "admin/price?symbol=ETHUSDT&price=3003");
        await StreamProbe.AdminAsync(x, "admin/price?symbol=ETHUSDT&price=3004");
        await StreamProbe.AdminAsync(x, "admin/price?symbol=ETHUSDT&price=3005");
        Assert.Equal("3005", (await ReceiveAsync(socket)).GetProperty("p").GetString());

        // delay: held 5 s of the exchange clock with everything behind it, order kept.
        await StreamProbe.AdminAsync(x, "admin/market-faults?kind=delay&count=1&ms=5000");
        await StreamProbe.AdminAsync(x, "admin/price?symbol=ETHUSDT&price=3006");
        await StreamProbe.AdminAsync(x, "admin/price?symbol=ETHUSDT&price=3007");
        Assert.Equal(2, x.Host.MarketStreams.HeldEvents);
        x.Clock.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal("3006", (await ReceiveAsync(socket)).GetProperty("p").GetString());
        Assert.Equal("3007", (await ReceiveAsync(socket)).GetProperty("p").GetString());

        // disconnect: the server closes the socket instead of sending the next message.
        await StreamProbe.AdminAsync(x, "admin/market-faults?kind=disconnect&count=1");
        await StreamProbe.AdminAsync(x, "admin/price?symbol=ETHUSDT&price=3008");
        Assert.Null(await ReceiveOrCloseAsync(socket));
    }

    [Fact]
    public async Task A_scripted_market_fault_strikes_a_message_someone_reads_and_leaves_the_user_stream_alone()
    {
        await using var x = await ExchangeFixture.StartAsync();
        using var market = await ConnectAsync(x, "/ws/ethusdt@aggTrade");
        using var user = await StreamProbe.ConnectAsync(x);

        // BTC moves nobody reads do not use up the drop; the ETH move does.
        await StreamProbe.AdminAsync(x, "admin/market-faults?kind=drop&count=1");
        await StreamProbe.AdminAsync(x, "admin/price?symbol=BTCUSDT&price=91000");
        await StreamProbe.AdminAsync(x, "admin/price?symbol=ETHUSDT&price=3001");
        await StreamProbe.AdminAsync(x, "admin/price?symbol=ETHUSDT&price=3002");
        Assert.Equal("3002", (await ReceiveAsync(market)).GetProperty("p").GetString());

        using (var placed = await x.Client.SignedPostAsync("fapi/v1/order", "symbol=ETHUSDT&side=BUY&type=MARKET&quantity=0.1"))
        {
            Assert.Equal(HttpStatusCode.OK, placed.StatusCode);
        }

        Assert.Equal("ORDER_TRADE_UPDATE", (await StreamProbe.ReceiveAsync(user)).GetProperty("e").GetString());
    }

    [Fact]
    public async Task On_the_system_clock_mark_prices_come_every_second_by_themselves()
    {
        await using var x = await ExchangeFixture.StartAsync(o => o.TimeProvider = TimeProvider.System);
        using var socket = await ConnectAsync(x, "/market/stream", "streams=btcusdt@markPrice@1s");
        var first = (await ReceiveAsync(socket)).GetProperty("data");
        var second = (await ReceiveAsync(socket)).GetProperty("data");
        Assert.Equal(0, first.GetProperty("E").GetInt64() % 1000);
        Assert.Equal(first.GetProperty("E").GetInt64() + 1000, second.GetProperty("E").GetInt64());
    }

    [Fact]
    public async Task A_name_that_is_not_a_stream_is_refused()
    {
        await using var x = await ExchangeFixture.StartAsync();
        var socket = new System.Net.WebSockets.ClientWebSocket();
        var uri = new UriBuilder(x.Host.BaseAddress) { Scheme = "ws", Path = "/market/stream", Query = "streams=ethusdt@aggTrade/%22x%22@y" }.Uri;
        await Assert.ThrowsAsync<System.Net.WebSockets.WebSocketException>(() => socket.ConnectAsync(uri, CancellationToken.None));
        socket.Dispose();
    }
}
