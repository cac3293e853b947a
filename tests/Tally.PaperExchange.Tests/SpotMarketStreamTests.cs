using System.Globalization;
using System.Net;
using System.Text.Json;
using static Tally.PaperExchange.Tests.MarketProbe;

namespace Tally.PaperExchange.Tests;

/// <summary>The spot public market streams at /spot/ws and /spot/stream, and GET /api/v3/klines: the spot venue's own tape.</summary>
public sealed class SpotMarketStreamTests
{
    // The shape of a spot aggTrade as Binance's spot web-socket-streams page lists its fields (no nq; M, "ignore").
    private const string SpotAggTradeShape = """{"e":"aggTrade","E":1,"s":"BNBBTC","a":1,"p":"0.001","q":"100","f":1,"l":1,"T":1,"m":true,"M":true}""";
    private const string KlineShape = """{"e":"kline","E":1,"s":"BNBBTC","k":{"t":1,"T":1,"s":"BNBBTC","i":"1m","f":1,"L":1,"o":"1","c":"1","h":"1","l":"1","v":"1","n":1,"x":false,"q":"1","V":"1","Q":"1","B":"0"}}""";

    private const string Order = "api/v3/order";

    private static long Ms(DateTimeOffset t) => t.ToUnixTimeMilliseconds();

    private static decimal Dec(JsonElement e, string name) => decimal.Parse(e.GetProperty(name).GetString()!, CultureInfo.InvariantCulture);

    /// <summary>The next frame that is not the open bar spot pushes every two seconds.</summary>
    private static async Task<JsonElement> ReceiveSkippingOpenBarsAsync(System.Net.WebSockets.ClientWebSocket socket)
    {
        while (true)
        {
            var frame = await ReceiveAsync(socket);
            var data = frame.TryGetProperty("data", out var d) ? d : frame;
            if (data.GetProperty("e").GetString() != "kline" || data.GetProperty("k").GetProperty("x").GetBoolean())
            {
                return frame;
            }
        }
    }

    [Fact]
    public async Task Combined_spot_stream_wraps_aggTrade_with_its_spot_fields_and_the_kline()
    {
        await using var x = await SpotFixture.StartAsync();
        using var socket = await ConnectAsync(x, "/spot/stream", "streams=tstusdt@aggTrade/tstusdt@kline_1m");

        await StreamProbe.AdminAsync(x, "admin/spot/price?symbol=TSTUSDT&price=101.5&qty=2&side=SELL");
        var trade = await ReceiveAsync(socket);
        var kline = await ReceiveAsync(socket);

        Assert.Equal(["data:Object", "stream:String"], Shape(trade));
        Assert.Equal("tstusdt@aggTrade", trade.GetProperty("stream").GetString());
        var t = trade.GetProperty("data");
        Assert.Equal(Shape(SpotAggTradeShape), Shape(t));
        Assert.Equal("TSTUSDT", t.GetProperty("s").GetString());
        Assert.Equal("101.5", t.GetProperty("p").GetString());
        Assert.Equal("2", t.GetProperty("q").GetString());
        Assert.True(t.GetProperty("m").GetBoolean()); // the taker sold
        Assert.Equal(Ms(ExchangeFixture.Start), t.GetProperty("T").GetInt64());

        Assert.Equal("tstusdt@kline_1m", kline.GetProperty("stream").GetString());
        var k = kline.GetProperty("data");
        using (var example = JsonDocument.Parse(KlineShape))
        {
            Assert.Equal(Shape(example.RootElement), Shape(k));
            Assert.Equal(Shape(example.RootElement.GetProperty("k")), Shape(k.GetProperty("k")));
        }

        var bar = k.GetProperty("k");
        Assert.False(bar.GetProperty("x").GetBoolean());
        Assert.Equal(["101.50", "101.50", "101.50", "101.50"], new[] { "o", "h", "l", "c" }.Select(f => bar.GetProperty(f).GetString()));
        Assert.Equal(t.GetProperty("a").GetInt64(), bar.GetProperty("f").GetInt64());
    }

    [Fact]
    public async Task A_spot_admin_price_move_is_seen_by_the_spot_stream_and_by_spot_matching_alike_and_not_by_usd_m()
    {
        await using var x = await SpotFixture.StartAsync();
        using var spot = await ConnectAsync(x, "/spot/ws/tstusdt@aggTrade");
        using var futures = await ConnectAsync(x, "/ws/btcusdt@aggTrade");

        // A resting buy below the still price: placing it steps the walk (0 ticks), which the spot tape shows as a trade.
        using (var placed = await x.Client.SignedPostAsync(Order, "symbol=TSTUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.1&price=95&newClientOrderId=rest-1"))
        {
            Assert.Equal(HttpStatusCode.OK, placed.StatusCode);
        }

        Assert.Equal(x.Host.SpotVenue.LastPrice("TSTUSDT"), Dec(await ReceiveAsync(spot), "p"));

        await StreamProbe.AdminAsync(x, "admin/spot/price?symbol=TSTUSDT&price=94");
        Assert.Equal(94m, Dec(await ReceiveAsync(spot), "p"));
        using (var order = await x.Client.SignedGetAsync(Order, "symbol=TSTUSDT&origClientOrderId=rest-1"))
        {
            Assert.Equal("FILLED", (await PaperClient.JsonAsync(order)).GetProperty("status").GetString());
        }

        // A market sell trades at the step the spot tape shows for it.
        using (var market = await x.Client.SignedPostAsync(Order, "symbol=TSTUSDT&side=SELL&type=MARKET&quantity=0.1&newOrderRespType=FULL"))
        {
            var fill = (await PaperClient.JsonAsync(market)).GetProperty("fills")[0];
            Assert.Equal(Dec(fill, "price"), Dec(await ReceiveAsync(spot), "p"));
        }

        // The USD-M BTCUSDT tape is another market: only its own move reaches its stream.
        await StreamProbe.AdminAsync(x, "admin/spot/price?symbol=BTCUSDT&price=80000");
        await StreamProbe.AdminAsync(x, "admin/price?symbol=BTCUSDT&price=91000");
        Assert.Equal("91000", (await ReceiveAsync(futures)).GetProperty("p").GetString());
        Assert.Equal(80000m, x.Host.SpotVenue.LastPrice("BTCUSDT"));
    }

    [Fact]
    public async Task A_spot_minute_closes_on_the_exchange_clock_equal_to_its_api_v3_klines_row_and_the_open_bar_comes_every_two_seconds()
    {
        await using var x = await SpotFixture.StartAsync();
        using var socket = await ConnectAsync(x, "/spot/ws/tstusdt@kline_1m");

        await StreamProbe.AdminAsync(x, "admin/spot/price?symbol=TSTUSDT&price=100.5&qty=2&side=BUY");
        await StreamProbe.AdminAsync(x, "admin/spot/price?symbol=TSTUSDT&price=99.5&qty=1&side=SELL");
        for (var i = 0; i < 2; i++)
        {
            Assert.False((await ReceiveAsync(socket)).GetProperty("k").GetProperty("x").GetBoolean());
        }

        // Two seconds on: the open bar as it stands, unchanged, with the event time of the push.
        x.Clock.Advance(TimeSpan.FromSeconds(1));
        x.Clock.Advance(TimeSpan.FromSeconds(1));
        var open = await ReceiveAsync(socket);
        Assert.Equal(Ms(ExchangeFixture.Start) + 2000, open.GetProperty("E").GetInt64());
        Assert.False(open.GetProperty("k").GetProperty("x").GetBoolean());
        Assert.Equal("99.50", open.GetProperty("k").GetProperty("c").GetString());

        for (var i = 0; i < 58; i++)
        {
            x.Clock.Advance(TimeSpan.FromSeconds(1));
        }

        var closed = (await ReceiveSkippingOpenBarsAsync(socket)).GetProperty("k");
        Assert.True(closed.GetProperty("x").GetBoolean());
        Assert.Equal(["100.50", "100.50", "99.50", "99.50", "3", "2"], new[] { "o", "h", "l", "c", "v", "V" }.Select(f => closed.GetProperty(f).GetString()));

        using var response = await x.Client.GetAsync($"api/v3/klines?symbol=TSTUSDT&interval=1m&startTime={Ms(ExchangeFixture.Start)}&limit=1");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("2", Assert.Single(response.Headers.GetValues("X-MBX-USED-WEIGHT-1M")));
        var row = Assert.Single((await PaperClient.JsonAsync(response)).EnumerateArray()).EnumerateArray().ToArray();
        Assert.Equal(12, row.Length);
        Assert.Equal(closed.GetProperty("t").GetInt64(), row[0].GetInt64());
        Assert.Equal(
            new[] { "o", "h", "l", "c", "v" }.Select(f => closed.GetProperty(f).GetString()),
            row[1..6].Select(v => v.GetString()));
        Assert.Equal(closed.GetProperty("T").GetInt64(), row[6].GetInt64());
    }

    [Fact]
    public async Task Spot_market_faults_drop_and_disconnect_and_leave_the_usd_m_streams_alone()
    {
        await using var x = await SpotFixture.StartAsync();
        using var spot = await ConnectAsync(x, "/spot/ws/tstusdt@aggTrade");
        using var futures = await ConnectAsync(x, "/ws/ethusdt@aggTrade");

        await StreamProbe.AdminAsync(x, "admin/spot/market-faults?kind=drop&count=1");
        await StreamProbe.AdminAsync(x, "admin/price?symbol=ETHUSDT&price=3001");
        Assert.Equal("3001", (await ReceiveAsync(futures)).GetProperty("p").GetString());
        await StreamProbe.AdminAsync(x, "admin/spot/price?symbol=TSTUSDT&price=101");
        await StreamProbe.AdminAsync(x, "admin/spot/price?symbol=TSTUSDT&price=102");
        Assert.Equal("102", (await ReceiveAsync(spot)).GetProperty("p").GetString());

        await StreamProbe.AdminAsync(x, "admin/spot/market-faults?kind=disconnect&count=1");
        await StreamProbe.AdminAsync(x, "admin/spot/price?symbol=TSTUSDT&price=103");
        Assert.Null(await ReceiveOrCloseAsync(spot));
        Assert.Equal(1, x.Host.MarketStreams.Connections);
    }

    [Theory]
    [InlineData("symbol=TSTUSDT&interval=1m&limit=1001", -1130)]
    [InlineData("symbol=TSTUSDT&interval=2m", -1120)]
    [InlineData("symbol=XRPUSDT&interval=1m", -1121)]
    [InlineData("interval=1m", -1102)]
    public async Task Bad_api_v3_klines_parameters_are_refused_with_binance_codes(string query, int code)
    {
        await using var x = await SpotFixture.StartAsync();
        using var response = await x.Client.GetAsync("api/v3/klines?" + query);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(code, (await PaperClient.JsonAsync(response)).GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task A_spot_balance_set_behind_the_accounts_back_is_the_venues_free_balance_and_a_negative_one_is_refused()
    {
        await using var x = await SpotFixture.StartAsync();
        await StreamProbe.AdminAsync(x, "admin/spot/balance?asset=TST&free=3.25");
        Assert.Contains(x.Host.SpotVenue.Balances(), b => b is { Asset: "TST", Free: 3.25m, Locked: 0m });

        using var bad = await x.Client.SendAsync(new HttpRequestMessage(HttpMethod.Post, new Uri("admin/spot/balance?asset=TST&free=-1", UriKind.Relative)));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }
}
