using System.Net;
using System.Text.Json;

namespace Tally.PaperExchange.Tests;

public sealed class SpotRestApiTests
{
    private const string Order = "api/v3/order";

    [Fact]
    public async Task A_market_buy_pays_its_fee_in_the_base_asset_and_a_sell_in_the_quote_asset()
    {
        await using var x = await SpotFixture.StartAsync();

        // Buy 0.5 @ 100 at 0.1 %: −50 USDT, +0.5 TST − 0.0005 TST fee.
        using (var buy = await x.Client.SignedPostAsync(Order, "symbol=TSTUSDT&side=BUY&type=MARKET&quantity=0.5&newClientOrderId=b1"))
        {
            var body = await PaperClient.JsonAsync(buy);
            Assert.Equal("FILLED", body.GetProperty("status").GetString());
            Assert.Equal("50.00000000", body.GetProperty("cummulativeQuoteQty").GetString());
            var fill = Assert.Single(body.GetProperty("fills").EnumerateArray());
            Assert.Equal("0.00050000", fill.GetProperty("commission").GetString());
            Assert.Equal("TST", fill.GetProperty("commissionAsset").GetString());
        }

        // Sell 2 @ 100: +200 USDT − 0.2 USDT fee, −2 TST.
        using (var sell = await x.Client.SignedPostAsync(Order, "symbol=TSTUSDT&side=SELL&type=MARKET&quantity=2&newOrderRespType=RESULT"))
        {
            var body = await PaperClient.JsonAsync(sell);
            Assert.False(body.TryGetProperty("fills", out _));
            Assert.Equal("2.00000000", body.GetProperty("executedQty").GetString());
        }

        var balances = await BalancesAsync(x);
        Assert.Equal((10m + 0.4995m - 2m, 0m), balances["TST"]);
        Assert.Equal((1000m - 50m + 199.8m, 0m), balances["USDT"]);

        using var trades = await x.Client.SignedGetAsync("api/v3/myTrades", "symbol=TSTUSDT");
        var rows = (await PaperClient.JsonAsync(trades)).EnumerateArray().ToList();
        Assert.Equal(2, rows.Count);
        Assert.Equal(rows[0].GetProperty("id").GetInt64() + 1, rows[1].GetProperty("id").GetInt64());
        Assert.True(rows[0].GetProperty("isBuyer").GetBoolean());
        Assert.False(rows[1].GetProperty("isBuyer").GetBoolean());
        Assert.Equal("0.20000000", rows[1].GetProperty("commission").GetString());
        Assert.Equal("USDT", rows[1].GetProperty("commissionAsset").GetString());
        Assert.Equal("200.00000000", rows[1].GetProperty("quoteQty").GetString());
        Assert.Equal(-1, rows[1].GetProperty("orderListId").GetInt64());
        Assert.True(rows[1].GetProperty("isBestMatch").GetBoolean());
        Assert.False(rows[1].GetProperty("isMaker").GetBoolean());
        Assert.Equal(JsonValueKind.Number, rows[1].GetProperty("time").ValueKind);
    }

    [Fact]
    public async Task A_market_buy_by_quote_order_qty_buys_whole_steps_for_at_most_that_much_quote()
    {
        await using var x = await SpotFixture.StartAsync();

        // 25.05 USDT at 100 with step 0.001 → 0.250 TST for 25 USDT; fee 0.00025 TST.
        using var buy = await x.Client.SignedPostAsync(Order, "symbol=TSTUSDT&side=BUY&type=MARKET&quoteOrderQty=25.05");
        var body = await PaperClient.JsonAsync(buy);
        Assert.Equal("0.25000000", body.GetProperty("executedQty").GetString());
        Assert.Equal("25.05000000", body.GetProperty("origQuoteOrderQty").GetString());
        var balances = await BalancesAsync(x);
        Assert.Equal((10.24975m, 0m), balances["TST"]);
        Assert.Equal((975m, 0m), balances["USDT"]);
    }

    [Fact]
    public async Task An_order_the_balance_cannot_pay_is_refused_with_2010_and_changes_nothing()
    {
        await using var x = await SpotFixture.StartAsync();
        using (var buy = await x.Client.SignedPostAsync(Order, "symbol=TSTUSDT&side=BUY&type=MARKET&quantity=10.001"))
        {
            Assert.Equal(-2010, await PaperClient.ErrorCodeAsync(buy));
        }

        using (var sell = await x.Client.SignedPostAsync(Order, "symbol=TSTUSDT&side=SELL&type=LIMIT&timeInForce=GTC&quantity=10.001&price=150"))
        {
            Assert.Equal(-2010, await PaperClient.ErrorCodeAsync(sell));
        }

        var balances = await BalancesAsync(x);
        Assert.Equal((10m, 0m), balances["TST"]);
        Assert.Equal((1000m, 0m), balances["USDT"]);
    }

    [Fact]
    public async Task A_resting_limit_buy_locks_its_quote_a_cancel_frees_it_and_a_fill_spends_it_as_maker()
    {
        await using var x = await SpotFixture.StartAsync();
        using (var rest = await x.Client.SignedPostAsync(Order, "symbol=TSTUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=2&price=99&newClientOrderId=rest-1"))
        {
            Assert.Equal("NEW", (await PaperClient.JsonAsync(rest)).GetProperty("status").GetString());
        }

        Assert.Equal((802m, 198m), (await BalancesAsync(x))["USDT"]);
        using (var cancel = await x.Client.SignedQueryAsync(HttpMethod.Delete, Order, "symbol=TSTUSDT&origClientOrderId=rest-1"))
        {
            var body = await PaperClient.JsonAsync(cancel);
            Assert.Equal("CANCELED", body.GetProperty("status").GetString());
            Assert.Equal("rest-1", body.GetProperty("origClientOrderId").GetString());
        }

        Assert.Equal((1000m, 0m), (await BalancesAsync(x))["USDT"]);

        using (var again = await x.Client.SignedPostAsync(Order, "symbol=TSTUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=2&price=99&newClientOrderId=rest-2"))
        {
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        }

        using (var open = await x.Client.SignedGetAsync("api/v3/openOrders", "symbol=TSTUSDT"))
        {
            Assert.Equal("rest-2", Assert.Single((await PaperClient.JsonAsync(open)).EnumerateArray()).GetProperty("clientOrderId").GetString());
        }

        // The price reaches 99: the order fills at its own price as maker; 2 TST − 0.002 TST fee arrive.
        x.Host.SpotVenue.SetPrice("TSTUSDT", 99m);
        var balances = await BalancesAsync(x);
        Assert.Equal((802m, 0m), balances["USDT"]);
        Assert.Equal((11.998m, 0m), balances["TST"]);
        using var query = await x.Client.SignedGetAsync(Order, "symbol=TSTUSDT&origClientOrderId=rest-2");
        var order = await PaperClient.JsonAsync(query);
        Assert.Equal("FILLED", order.GetProperty("status").GetString());
        using var trades = await x.Client.SignedGetAsync("api/v3/myTrades", $"symbol=TSTUSDT&orderId={order.GetProperty("orderId").GetInt64()}");
        var fill = Assert.Single((await PaperClient.JsonAsync(trades)).EnumerateArray());
        Assert.True(fill.GetProperty("isMaker").GetBoolean());
        Assert.Equal("99.00000000", fill.GetProperty("price").GetString());
    }

    [Fact]
    public async Task Limit_maker_that_would_take_is_refused_and_ioc_or_fok_that_cannot_fill_expire()
    {
        await using var x = await SpotFixture.StartAsync();
        using (var taker = await x.Client.SignedPostAsync(Order, "symbol=TSTUSDT&side=BUY&type=LIMIT_MAKER&quantity=1&price=100"))
        {
            var body = await PaperClient.JsonAsync(taker);
            Assert.Equal(-2010, body.GetProperty("code").GetInt32());
            Assert.Equal("Order would immediately match and take.", body.GetProperty("msg").GetString());
        }

        using (var maker = await x.Client.SignedPostAsync(Order, "symbol=TSTUSDT&side=BUY&type=LIMIT_MAKER&quantity=1&price=99.99"))
        {
            Assert.Equal("NEW", (await PaperClient.JsonAsync(maker)).GetProperty("status").GetString());
        }

        foreach (var tif in new[] { "IOC", "FOK" })
        {
            using var expired = await x.Client.SignedPostAsync(Order, $"symbol=TSTUSDT&side=SELL&type=LIMIT&timeInForce={tif}&quantity=1&price=100.01");
            var body = await PaperClient.JsonAsync(expired);
            Assert.Equal("EXPIRED", body.GetProperty("status").GetString());
            Assert.Empty(body.GetProperty("fills").EnumerateArray());
        }

        using var trades = await x.Client.SignedGetAsync("api/v3/myTrades", "symbol=TSTUSDT");
        Assert.Empty((await PaperClient.JsonAsync(trades)).EnumerateArray());
    }

    [Fact]
    public async Task My_trades_keeps_binances_24_hour_window_and_parameter_combinations()
    {
        await using var x = await SpotFixture.StartAsync();
        for (var i = 0; i < 3; i++)
        {
            using var buy = await x.Client.SignedPostAsync(Order, "symbol=TSTUSDT&side=BUY&type=MARKET&quantity=0.1");
            x.Clock.Advance(TimeSpan.FromHours(10));
        }

        var start = ExchangeFixture.Start.ToUnixTimeMilliseconds();
        var hour = 3_600_000L;
        using (var tooLong = await x.Client.SignedGetAsync("api/v3/myTrades", $"symbol=TSTUSDT&startTime={start}&endTime={start + (24 * hour) + 1}"))
        {
            Assert.Equal(-1127, await PaperClient.ErrorCodeAsync(tooLong));
        }

        using (var mixed = await x.Client.SignedGetAsync("api/v3/myTrades", $"symbol=TSTUSDT&fromId=1&startTime={start}"))
        {
            Assert.Equal(-1128, await PaperClient.ErrorCodeAsync(mixed));
        }

        using (var noSymbol = await x.Client.SignedGetAsync("api/v3/myTrades", "limit=5"))
        {
            Assert.Equal(-1102, await PaperClient.ErrorCodeAsync(noSymbol));
        }

        // Only startTime: [start, start + 24 h] holds the trades at 0 h and 10 h and 20 h.
        Assert.Equal(3, await CountAsync(x, $"symbol=TSTUSDT&startTime={start}"));
        Assert.Equal(2, await CountAsync(x, $"symbol=TSTUSDT&startTime={start + hour}&endTime={start + (24 * hour)}"));

        // Neither times nor fromId: the newest `limit` rows, oldest first.
        using var newest = await x.Client.SignedGetAsync("api/v3/myTrades", "symbol=TSTUSDT&limit=2");
        var ids = (await PaperClient.JsonAsync(newest)).EnumerateArray().Select(r => r.GetProperty("id").GetInt64()).ToList();
        using var all = await x.Client.SignedGetAsync("api/v3/myTrades", "symbol=TSTUSDT&fromId=0");
        var allIds = (await PaperClient.JsonAsync(all)).EnumerateArray().Select(r => r.GetProperty("id").GetInt64()).ToList();
        Assert.Equal(allIds[1..], ids);
    }

    [Fact]
    public async Task Exchange_info_publishes_spot_limits_and_filters_and_weights_are_counted_apart_from_futures()
    {
        await using var x = await SpotFixture.StartAsync();
        using var info = await x.Client.GetAsync("api/v3/exchangeInfo");
        Assert.Equal("20", info.Headers.GetValues("X-MBX-USED-WEIGHT-1M").Single());
        var body = await PaperClient.JsonAsync(info);
        var weight = body.GetProperty("rateLimits").EnumerateArray().Single(l => l.GetProperty("rateLimitType").GetString() == "REQUEST_WEIGHT");
        Assert.Equal(6000, weight.GetProperty("limit").GetInt32());
        var tst = body.GetProperty("symbols").EnumerateArray().Single(s => s.GetProperty("symbol").GetString() == "TSTUSDT");
        Assert.Equal("TST", tst.GetProperty("baseAsset").GetString());
        var notional = tst.GetProperty("filters").EnumerateArray().Single(f => f.GetProperty("filterType").GetString() == "NOTIONAL");
        Assert.Equal("5.00000000", notional.GetProperty("minNotional").GetString());

        // Futures weight is its own: the fapi counter has seen only this one request.
        using var futures = await x.Client.GetAsync("fapi/v1/time");
        Assert.Equal("1", futures.Headers.GetValues("X-MBX-USED-WEIGHT-1M").Single());

        using var trades = await x.Client.SignedGetAsync("api/v3/myTrades", "symbol=TSTUSDT");
        Assert.Equal("40", trades.Headers.GetValues("X-MBX-USED-WEIGHT-1M").Single());
        using var byOrder = await x.Client.SignedGetAsync("api/v3/myTrades", "symbol=TSTUSDT&orderId=1");
        Assert.Equal("45", byOrder.Headers.GetValues("X-MBX-USED-WEIGHT-1M").Single());
    }

    [Fact]
    public async Task Signed_spot_calls_need_a_valid_signature_and_a_fresh_timestamp()
    {
        await using var x = await SpotFixture.StartAsync();
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri($"api/v3/account?timestamp={x.Client.Now}&signature={new string('a', 64)}", UriKind.Relative));
        using (var bad = await x.Client.SendAsync(request))
        {
            Assert.Equal(-1022, await PaperClient.ErrorCodeAsync(bad));
        }

        using (var stale = await x.Client.SignedGetAsync("api/v3/account", string.Empty, timestamp: x.Client.Now - 6000))
        {
            Assert.Equal(-1021, await PaperClient.ErrorCodeAsync(stale));
        }

        using var ok = await x.Client.SignedGetAsync("api/v3/account", "omitZeroBalances=true");
        var account = await PaperClient.JsonAsync(ok);
        Assert.Equal(10, account.GetProperty("takerCommission").GetInt32());
        Assert.Equal(["BTC", "TST", "USDT"], account.GetProperty("balances").EnumerateArray().Select(b => b.GetProperty("asset").GetString()!).Order());
    }

    [Fact]
    public async Task The_same_seed_and_requests_give_the_same_spot_answers_and_trade_ids_count_per_pair()
    {
        async Task<(string Btc, string Tst)> RunAsync()
        {
            await using var x = await SpotFixture.StartAsync();
            foreach (var (symbol, quantity) in new[] { ("BTCUSDT", "0.001"), ("TSTUSDT", "0.5"), ("BTCUSDT", "0.002"), ("BTCUSDT", "0.001") })
            {
                using var placed = await x.Client.SignedPostAsync(Order, $"symbol={symbol}&side=BUY&type=MARKET&quantity={quantity}");
                Assert.Equal(HttpStatusCode.OK, placed.StatusCode);
                x.Clock.Advance(TimeSpan.FromSeconds(1));
            }

            using var btc = await x.Client.SignedGetAsync("api/v3/myTrades", "symbol=BTCUSDT");
            using var tst = await x.Client.SignedGetAsync("api/v3/myTrades", "symbol=TSTUSDT");
            return (await btc.Content.ReadAsStringAsync(), await tst.Content.ReadAsStringAsync());
        }

        var first = await RunAsync();
        var second = await RunAsync();

        Assert.Equal(first, second);
        using var btcRows = JsonDocument.Parse(first.Btc);
        using var tstRows = JsonDocument.Parse(first.Tst);
        var btcIds = btcRows.RootElement.EnumerateArray().Select(r => r.GetProperty("id").GetInt64()).ToList();
        Assert.Equal([btcIds[0], btcIds[0] + 1, btcIds[0] + 2], btcIds);
        Assert.NotEqual(btcIds[0], tstRows.RootElement[0].GetProperty("id").GetInt64());
    }

    private static async Task<int> CountAsync(ExchangeFixture x, string query)
    {
        using var response = await x.Client.SignedGetAsync("api/v3/myTrades", query);
        return (await PaperClient.JsonAsync(response)).GetArrayLength();
    }

    internal static async Task<Dictionary<string, (decimal Free, decimal Locked)>> BalancesAsync(ExchangeFixture x)
    {
        using var response = await x.Client.SignedGetAsync("api/v3/account", string.Empty);
        return (await PaperClient.JsonAsync(response)).GetProperty("balances").EnumerateArray()
            .ToDictionary(b => b.GetProperty("asset").GetString()!, b => (PaperClient.Dec(b, "free"), PaperClient.Dec(b, "locked")));
    }
}
