using System.Net;
using System.Text.Json;
using Tally.Core;

namespace Tally.PaperExchange.Tests;

/// <summary>
/// Conditional orders on /fapi/v1/algoOrder. ETHUSDT here does not walk (0 ticks per step), so every fill happens at
/// the price a test sets and the numbers are exact. Taker fee 0.04 %.
/// </summary>
public sealed class AlgoOrderTests
{
    private const string Algo = "fapi/v1/algoOrder";

    [Fact]
    public async Task Stop_market_sell_closes_a_long_when_the_price_falls_to_its_trigger()
    {
        await using var x = await StartAsync();
        await MarketAsync(x, "BUY", "0.5"); // 3000 × 0.5 × 0.0004 = 0.6 fee

        var placed = await PlaceAsync(x, "symbol=ETHUSDT&side=SELL&type=STOP_MARKET&quantity=0.5&reduceOnly=true&triggerPrice=2950&clientAlgoId=sl-1&workingType=MARK_PRICE");
        Assert.Equal("NEW", placed.GetProperty("algoStatus").GetString());
        Assert.Equal("CONDITIONAL", placed.GetProperty("algoType").GetString());
        Assert.Equal("STOP_MARKET", placed.GetProperty("orderType").GetString());
        Assert.Equal("2950.00", placed.GetProperty("triggerPrice").GetString());
        Assert.Equal("0.500", placed.GetProperty("quantity").GetString());
        Assert.Equal("MARK_PRICE", placed.GetProperty("workingType").GetString());
        Assert.Equal(string.Empty, placed.GetProperty("actualOrderId").GetString());
        Assert.True(placed.GetProperty("reduceOnly").GetBoolean());
        Assert.True(placed.GetProperty("algoId").GetInt64() > 9_007_199_254_740_992); // above 2^53

        await StreamProbe.AdminAsync(x, "admin/price?symbol=ETHUSDT&price=2960");
        Assert.Equal("NEW", (await GetAsync(x, "clientAlgoId=sl-1")).GetProperty("algoStatus").GetString());

        await StreamProbe.AdminAsync(x, "admin/price?symbol=ETHUSDT&price=2940");
        var finished = await GetAsync(x, "clientAlgoId=sl-1");
        Assert.Equal("FINISHED", finished.GetProperty("algoStatus").GetString());
        Assert.Equal(ExchangeFixture.Start.ToUnixTimeMilliseconds(), finished.GetProperty("triggerTime").GetInt64());
        var orderId = long.Parse(finished.GetProperty("actualOrderId").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(2940m, PaperClient.Dec(finished, "actualPrice"));

        using (var order = await x.Client.SignedGetAsync("fapi/v1/order", $"symbol=ETHUSDT&orderId={orderId}"))
        {
            var o = await PaperClient.JsonAsync(order);
            Assert.Equal("FILLED", o.GetProperty("status").GetString());
            Assert.Equal("MARKET", o.GetProperty("type").GetString());
            Assert.Equal("sl-1", o.GetProperty("clientOrderId").GetString());
            Assert.True(o.GetProperty("reduceOnly").GetBoolean());
        }

        // (2940 − 3000) × 0.5 = −30 realized; fee 2940 × 0.5 × 0.0004 = 0.588.
        var rows = await TradesAsync(x);
        Assert.Equal(2, rows.Count);
        Assert.Equal(orderId, rows[1].GetProperty("orderId").GetInt64());
        Assert.Equal(2940m, PaperClient.Dec(rows[1], "price"));
        Assert.Equal("-30.00000000", rows[1].GetProperty("realizedPnl").GetString());
        Assert.Equal("0.58800000", rows[1].GetProperty("commission").GetString());
        Assert.False(rows[1].GetProperty("maker").GetBoolean());
        Assert.Equal(0m, await PositionAsync(x, "BOTH"));

        // 10 000 − 0.6 − 30 − 0.588 = 9968.812.
        Assert.Equal(9968.812m, x.Host.Venue.WalletBalance);
        Assert.Equal(0, (await OpenAsync(x, "symbol=ETHUSDT")).GetArrayLength());
    }

    [Fact]
    public async Task Take_profit_close_all_buys_back_the_whole_short_at_the_trigger()
    {
        await using var x = await StartAsync();
        await MarketAsync(x, "SELL", "1.2");
        var placed = await PlaceAsync(x, "symbol=ETHUSDT&side=BUY&type=TAKE_PROFIT_MARKET&closePosition=true&triggerPrice=2900");
        Assert.True(placed.GetProperty("closePosition").GetBoolean());
        Assert.Equal("0.000", placed.GetProperty("quantity").GetString());

        await StreamProbe.AdminAsync(x, "admin/price?symbol=ETHUSDT&price=2905");
        Assert.Equal(-1.2m, await PositionAsync(x, "BOTH"));
        await StreamProbe.AdminAsync(x, "admin/price?symbol=ETHUSDT&price=2899");

        // (3000 − 2899) × 1.2 = 121.2 realized on the buy-back.
        var fill = (await TradesAsync(x))[1];
        Assert.Equal("BUY", fill.GetProperty("side").GetString());
        Assert.Equal(1.2m, PaperClient.Dec(fill, "qty"));
        Assert.Equal("121.20000000", fill.GetProperty("realizedPnl").GetString());
        Assert.Equal(0m, await PositionAsync(x, "BOTH"));
        var done = await GetAsync(x, $"algoId={placed.GetProperty("algoId").GetInt64()}");
        Assert.Equal("FINISHED", done.GetProperty("algoStatus").GetString());
    }

    [Fact]
    public async Task Trailing_stop_sell_activates_at_its_price_and_triggers_on_a_one_percent_pullback_from_the_high()
    {
        await using var x = await StartAsync();
        await MarketAsync(x, "BUY", "0.2");
        var placed = await PlaceAsync(x, "symbol=ETHUSDT&side=SELL&type=TRAILING_STOP_MARKET&quantity=0.2&reduceOnly=true&activatePrice=3050&callbackRate=1");
        Assert.Equal("3050.00", placed.GetProperty("activatePrice").GetString());
        Assert.Equal("1", placed.GetProperty("callbackRate").GetString());

        // Not active yet (high 3040 < 3050): a 1.6 % drop does nothing.
        foreach (var price in new[] { "3040", "2990", "3100", "3080" })
        {
            await StreamProbe.AdminAsync(x, $"admin/price?symbol=ETHUSDT&price={price}");
            Assert.Equal(0.2m, await PositionAsync(x, "BOTH"));
        }

        // High 3100: triggers at 3100 × (1 − 0.01) = 3069 or below. (3069 − 3000) × 0.2 = 13.8.
        await StreamProbe.AdminAsync(x, "admin/price?symbol=ETHUSDT&price=3069");
        var fill = (await TradesAsync(x))[1];
        Assert.Equal(3069m, PaperClient.Dec(fill, "price"));
        Assert.Equal("13.80000000", fill.GetProperty("realizedPnl").GetString());
        Assert.Equal(0m, await PositionAsync(x, "BOTH"));
    }

    [Fact]
    public async Task Trailing_stop_buy_without_activation_price_tracks_the_low_from_placement()
    {
        await using var x = await StartAsync();
        await MarketAsync(x, "SELL", "0.1");
        await PlaceAsync(x, "symbol=ETHUSDT&side=BUY&type=TRAILING_STOP_MARKET&quantity=0.1&reduceOnly=true&callbackRate=2");

        // Low 2800: triggers at 2800 × 1.02 = 2856 or above; 2855 is not enough.
        foreach (var price in new[] { "2900", "2800", "2855" })
        {
            await StreamProbe.AdminAsync(x, $"admin/price?symbol=ETHUSDT&price={price}");
            Assert.Equal(-0.1m, await PositionAsync(x, "BOTH"));
        }

        await StreamProbe.AdminAsync(x, "admin/price?symbol=ETHUSDT&price=2856");
        var fill = (await TradesAsync(x))[1];
        Assert.Equal(2856m, PaperClient.Dec(fill, "price"));
        Assert.Equal("14.40000000", fill.GetProperty("realizedPnl").GetString()); // (3000 − 2856) × 0.1
    }

    [Theory]
    [InlineData("side=SELL&type=STOP_MARKET&quantity=0.1&triggerPrice=3000")]
    [InlineData("side=BUY&type=STOP_MARKET&quantity=0.1&triggerPrice=2990")]
    [InlineData("side=BUY&type=TAKE_PROFIT_MARKET&quantity=0.1&triggerPrice=3010")]
    [InlineData("side=SELL&type=TAKE_PROFIT_MARKET&quantity=0.1&triggerPrice=2999.99")]
    [InlineData("side=SELL&type=TRAILING_STOP_MARKET&quantity=0.1&callbackRate=1&activatePrice=2999")]
    [InlineData("side=BUY&type=TRAILING_STOP_MARKET&quantity=0.1&callbackRate=1&activatePrice=3001")]
    public async Task An_order_whose_condition_already_holds_is_minus_2021(string parameters)
    {
        await using var x = await StartAsync();
        using var response = await x.Client.SignedPostAsync(Algo, $"algoType=CONDITIONAL&symbol=ETHUSDT&{parameters}");
        Assert.Equal(-2021, await PaperClient.ErrorCodeAsync(response));
    }

    [Theory]
    [InlineData("symbol=ETHUSDT&side=SELL&type=STOP_MARKET&quantity=0.1&triggerPrice=2900", -1102)] // no algoType
    [InlineData("algoType=VP&symbol=ETHUSDT&side=SELL&type=STOP_MARKET&quantity=0.1&triggerPrice=2900", -1130)]
    [InlineData("algoType=CONDITIONAL&symbol=ETHUSDT&side=SELL&type=STOP&quantity=0.1&triggerPrice=2900", -1116)]
    [InlineData("algoType=CONDITIONAL&symbol=ETHUSDT&side=SELL&type=STOP_MARKET&quantity=0.1", -1102)] // no trigger
    [InlineData("algoType=CONDITIONAL&symbol=ETHUSDT&side=SELL&type=STOP_MARKET&quantity=0.1&triggerPrice=2900.005", -1111)]
    [InlineData("algoType=CONDITIONAL&symbol=ETHUSDT&side=SELL&type=STOP_MARKET&closePosition=true&quantity=0.1&triggerPrice=2900", -1106)]
    [InlineData("algoType=CONDITIONAL&symbol=ETHUSDT&side=SELL&type=TRAILING_STOP_MARKET&quantity=0.1", -1102)] // no callbackRate
    [InlineData("algoType=CONDITIONAL&symbol=ETHUSDT&side=SELL&type=TRAILING_STOP_MARKET&quantity=0.1&callbackRate=10.5", -1130)]
    [InlineData("algoType=CONDITIONAL&symbol=ETHUSDT&side=SELL&type=STOP_MARKET&quantity=0.1&triggerPrice=2900&workingType=LAST", -1130)]
    [InlineData("algoType=CONDITIONAL&symbol=ETHUSDT&side=SELL&type=STOP_MARKET&quantity=0.001&triggerPrice=2900", -4164)] // 2.9 < 20 notional
    [InlineData("algoType=CONDITIONAL&symbol=ETHUSDT&side=SELL&type=STOP_MARKET&quantity=0.1&triggerPrice=2900&positionSide=LONG", -4061)]
    public async Task Malformed_algo_orders_are_refused_with_the_binance_code(string body, int code)
    {
        await using var x = await StartAsync();
        using var response = await x.Client.SignedPostAsync(Algo, body);
        Assert.Equal(code, await PaperClient.ErrorCodeAsync(response));
    }

    [Fact]
    public async Task Cancel_by_client_algo_id_then_a_second_cancel_is_minus_2011_and_the_price_passing_does_nothing()
    {
        await using var x = await StartAsync();
        await MarketAsync(x, "BUY", "0.5");
        await PlaceAsync(x, "symbol=ETHUSDT&side=SELL&type=STOP_MARKET&quantity=0.5&reduceOnly=true&triggerPrice=2950&clientAlgoId=sl-2");
        await PlaceAsync(x, "symbol=ETHUSDT&side=SELL&type=TAKE_PROFIT_MARKET&quantity=0.5&reduceOnly=true&triggerPrice=3100&clientAlgoId=tp-2");
        Assert.Equal(2, (await OpenAsync(x, string.Empty)).GetArrayLength());

        using (var duplicate = await x.Client.SignedPostAsync(Algo, "algoType=CONDITIONAL&symbol=ETHUSDT&side=SELL&type=STOP_MARKET&quantity=0.5&reduceOnly=true&triggerPrice=2900&clientAlgoId=sl-2"))
        {
            Assert.Equal(-4116, await PaperClient.ErrorCodeAsync(duplicate));
        }

        using (var canceled = await x.Client.SignedQueryAsync(HttpMethod.Delete, Algo, "clientAlgoId=sl-2"))
        {
            Assert.Equal(HttpStatusCode.OK, canceled.StatusCode);
            var body = await PaperClient.JsonAsync(canceled);
            Assert.Equal("sl-2", body.GetProperty("clientAlgoId").GetString());
            Assert.Equal("200", body.GetProperty("code").GetString());
            Assert.Equal("success", body.GetProperty("msg").GetString());
        }

        using (var again = await x.Client.SignedQueryAsync(HttpMethod.Delete, Algo, "clientAlgoId=sl-2"))
        {
            Assert.Equal(-2011, await PaperClient.ErrorCodeAsync(again));
        }

        using (var neither = await x.Client.SignedQueryAsync(HttpMethod.Delete, Algo, string.Empty))
        {
            Assert.Equal(-1102, await PaperClient.ErrorCodeAsync(neither));
        }

        await StreamProbe.AdminAsync(x, "admin/price?symbol=ETHUSDT&price=2900");
        Assert.Equal(0.5m, await PositionAsync(x, "BOTH"));
        Assert.Equal("CANCELED", (await GetAsync(x, "clientAlgoId=sl-2")).GetProperty("algoStatus").GetString());
        var open = Assert.Single((await OpenAsync(x, "symbol=ETHUSDT")).EnumerateArray());
        Assert.Equal("tp-2", open.GetProperty("clientAlgoId").GetString());

        using var unknown = await x.Client.SignedGetAsync(Algo, "algoId=1");
        Assert.Equal(-2013, await PaperClient.ErrorCodeAsync(unknown));
    }

    [Fact]
    public async Task Cancel_all_algo_orders_of_a_symbol_reports_each_on_the_stream()
    {
        await using var x = await StartAsync();
        await PlaceAsync(x, "symbol=ETHUSDT&side=BUY&type=STOP_MARKET&quantity=0.1&triggerPrice=3100&clientAlgoId=a");
        await PlaceAsync(x, "symbol=ETHUSDT&side=SELL&type=STOP_MARKET&quantity=0.1&triggerPrice=2900&clientAlgoId=b");
        using var socket = await StreamProbe.ConnectAsync(x);

        using (var missing = await x.Client.SignedQueryAsync(HttpMethod.Delete, "fapi/v1/algoOpenOrders", string.Empty))
        {
            Assert.Equal(-1102, await PaperClient.ErrorCodeAsync(missing));
        }

        using (var all = await x.Client.SignedQueryAsync(HttpMethod.Delete, "fapi/v1/algoOpenOrders", "symbol=ETHUSDT"))
        {
            Assert.Equal(HttpStatusCode.OK, all.StatusCode);
            Assert.Equal(200, (await PaperClient.JsonAsync(all)).GetProperty("code").GetInt32());
        }

        var first = await StreamProbe.ReceiveAsync(socket);
        var second = await StreamProbe.ReceiveAsync(socket);
        Assert.Equal(["a ALGO:CANCELED", "b ALGO:CANCELED"], new[] { first, second }.Select(e => $"{e.GetProperty("o").GetProperty("caid").GetString()} {StreamProbe.Describe(e)}"));
        Assert.Equal(0, (await OpenAsync(x, string.Empty)).GetArrayLength());
        await StreamProbe.AdminAsync(x, "admin/price?symbol=ETHUSDT&price=3200");
        Assert.Empty(await TradesAsync(x));
    }

    [Fact]
    public async Task Nothing_to_reduce_at_the_trigger_rejects_a_reduce_only_order_and_expires_a_close_all_order()
    {
        await using var x = await StartAsync();
        await PlaceAsync(x, "symbol=ETHUSDT&side=SELL&type=STOP_MARKET&quantity=0.5&reduceOnly=true&triggerPrice=2950&clientAlgoId=ro");
        await PlaceAsync(x, "symbol=ETHUSDT&side=SELL&type=STOP_MARKET&closePosition=true&triggerPrice=2950&clientAlgoId=all");
        await StreamProbe.AdminAsync(x, "admin/price?symbol=ETHUSDT&price=2900");

        Assert.Equal("REJECTED", (await GetAsync(x, "clientAlgoId=ro")).GetProperty("algoStatus").GetString());
        Assert.Equal("EXPIRED", (await GetAsync(x, "clientAlgoId=all")).GetProperty("algoStatus").GetString());
        Assert.Empty(await TradesAsync(x));
    }

    [Fact]
    public async Task An_opening_stop_buy_enters_a_position_above_the_market()
    {
        await using var x = await StartAsync();
        await PlaceAsync(x, "symbol=ETHUSDT&side=BUY&type=STOP_MARKET&quantity=0.3&triggerPrice=3020");
        await StreamProbe.AdminAsync(x, "admin/price?symbol=ETHUSDT&price=3025");

        var fill = Assert.Single(await TradesAsync(x));
        Assert.Equal(3025m, PaperClient.Dec(fill, "price"));
        Assert.Equal("0.36300000", fill.GetProperty("commission").GetString()); // 3025 × 0.3 × 0.0004
        Assert.Equal(0.3m, await PositionAsync(x, "BOTH"));
    }

    [Fact]
    public async Task Hedge_mode_stops_close_their_side_and_close_all_must_point_at_it()
    {
        await using var x = await StartAsync(o => o.PositionMode = PositionMode.Hedge);
        using (var open = await x.Client.SignedPostAsync("fapi/v1/order", "symbol=ETHUSDT&side=BUY&positionSide=LONG&type=MARKET&quantity=0.4"))
        {
            Assert.Equal(HttpStatusCode.OK, open.StatusCode);
        }

        using (var wrong = await x.Client.SignedPostAsync(Algo, "algoType=CONDITIONAL&symbol=ETHUSDT&side=BUY&positionSide=LONG&type=STOP_MARKET&closePosition=true&triggerPrice=3100"))
        {
            Assert.Equal(-1130, await PaperClient.ErrorCodeAsync(wrong));
        }

        using (var reduceOnly = await x.Client.SignedPostAsync(Algo, "algoType=CONDITIONAL&symbol=ETHUSDT&side=SELL&positionSide=LONG&type=STOP_MARKET&quantity=0.4&reduceOnly=true&triggerPrice=2900"))
        {
            Assert.Equal(-1106, await PaperClient.ErrorCodeAsync(reduceOnly));
        }

        await PlaceAsync(x, "symbol=ETHUSDT&side=SELL&positionSide=LONG&type=STOP_MARKET&closePosition=true&triggerPrice=2900");
        await StreamProbe.AdminAsync(x, "admin/price?symbol=ETHUSDT&price=2890");

        var fill = (await TradesAsync(x))[1];
        Assert.Equal("LONG", fill.GetProperty("positionSide").GetString());
        Assert.Equal("-44.00000000", fill.GetProperty("realizedPnl").GetString()); // (2890 − 3000) × 0.4
        Assert.Equal(0m, await PositionAsync(x, "LONG"));
    }

    [Fact]
    public async Task The_stream_reports_new_then_triggering_the_order_triggered_its_fill_and_finished()
    {
        await using var x = await StartAsync();
        await MarketAsync(x, "BUY", "0.5");
        using var socket = await StreamProbe.ConnectAsync(x);
        var placed = await PlaceAsync(x, "symbol=ETHUSDT&side=SELL&type=STOP_MARKET&quantity=0.5&reduceOnly=true&triggerPrice=2950&clientAlgoId=sl-ws");

        var created = await StreamProbe.ReceiveAsync(socket);
        Assert.Equal("ALGO:NEW", StreamProbe.Describe(created));
        var o = created.GetProperty("o");
        Assert.Equal("sl-ws", o.GetProperty("caid").GetString());
        Assert.Equal(placed.GetProperty("algoId").GetInt64(), o.GetProperty("aid").GetInt64());
        Assert.Equal("CONDITIONAL", o.GetProperty("at").GetString());
        Assert.Equal("STOP_MARKET", o.GetProperty("o").GetString());
        Assert.Equal("2950.00", o.GetProperty("tp").GetString());
        Assert.Equal(string.Empty, o.GetProperty("ai").GetString());
        Assert.True(o.GetProperty("R").GetBoolean());
        Assert.False(o.TryGetProperty("rm", out _));

        x.Clock.Advance(TimeSpan.FromSeconds(5));
        await StreamProbe.AdminAsync(x, "admin/price?symbol=ETHUSDT&price=2940");
        var seen = new List<JsonElement>();
        for (var i = 0; i < 7; i++)
        {
            seen.Add(await StreamProbe.ReceiveAsync(socket));
        }

        Assert.Equal(
            ["ALGO:TRIGGERING", "ORDER:NEW", "ALGO:TRIGGERED", "TRADE_LITE", "ORDER:TRADE", "ACCOUNT_UPDATE", "ALGO:FINISHED"],
            seen.Select(StreamProbe.Describe));
        var orderId = seen[1].GetProperty("o").GetProperty("i").GetInt64();
        Assert.Equal(orderId.ToString(System.Globalization.CultureInfo.InvariantCulture), seen[2].GetProperty("o").GetProperty("ai").GetString());
        var finished = seen[6].GetProperty("o");
        Assert.Equal(2940m, PaperClient.Dec(finished, "ap"));
        Assert.Equal(0.5m, PaperClient.Dec(finished, "aq"));
        Assert.Equal("MARKET", finished.GetProperty("act").GetString());
        Assert.Equal(ExchangeFixture.Start.AddSeconds(5).ToUnixTimeMilliseconds(), finished.GetProperty("tt").GetInt64());
    }

    private static Task<ExchangeFixture> StartAsync(Action<PaperExchangeOptions>? configure = null) => ExchangeFixture.StartAsync(o =>
    {
        o.Symbols = [new PaperSymbol("ETHUSDT", "ETH", "USDT", 0.01m, 0.001m, 10000m, 20m, 3000.00m, MaxTicksPerStep: 0)];
        configure?.Invoke(o);
    });

    private static async Task MarketAsync(ExchangeFixture x, string side, string quantity)
    {
        using var response = await x.Client.SignedPostAsync("fapi/v1/order", $"symbol=ETHUSDT&side={side}&type=MARKET&quantity={quantity}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task<JsonElement> PlaceAsync(ExchangeFixture x, string parameters)
    {
        using var response = await x.Client.SignedPostAsync(Algo, "algoType=CONDITIONAL&" + parameters);
        var body = await PaperClient.JsonAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, body.ToString());
        return body;
    }

    private static async Task<JsonElement> GetAsync(ExchangeFixture x, string query)
    {
        using var response = await x.Client.SignedGetAsync(Algo, query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await PaperClient.JsonAsync(response);
    }

    private static async Task<JsonElement> OpenAsync(ExchangeFixture x, string query)
    {
        using var response = await x.Client.SignedGetAsync("fapi/v1/openAlgoOrders", query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await PaperClient.JsonAsync(response);
    }

    private static async Task<List<JsonElement>> TradesAsync(ExchangeFixture x)
    {
        using var response = await x.Client.SignedGetAsync("fapi/v1/userTrades", "symbol=ETHUSDT");
        return (await PaperClient.JsonAsync(response)).EnumerateArray().ToList();
    }

    private static async Task<decimal> PositionAsync(ExchangeFixture x, string side)
    {
        using var response = await x.Client.SignedGetAsync("fapi/v2/positionRisk", "symbol=ETHUSDT");
        var row = (await PaperClient.JsonAsync(response)).EnumerateArray().Single(r => r.GetProperty("positionSide").GetString() == side);
        return PaperClient.Dec(row, "positionAmt");
    }
}
