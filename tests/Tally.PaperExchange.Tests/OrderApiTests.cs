using System.Net;
using System.Text.Json;

namespace Tally.PaperExchange.Tests;

public sealed class OrderApiTests
{
    private const string Order = "fapi/v1/order";

    [Fact]
    public async Task Market_order_result_has_binance_shape_with_a_64_bit_order_id()
    {
        await using var x = await ExchangeFixture.StartAsync();
        using var response = await x.Client.SignedPostAsync(Order, "symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.002&newOrderRespType=RESULT");
        var order = await PaperClient.JsonAsync(response);
        Assert.True(order.GetProperty("orderId").GetInt64() > (1L << 53));
        Assert.Equal("FILLED", order.GetProperty("status").GetString());
        Assert.Equal(0.002m, PaperClient.Dec(order, "executedQty"));
        Assert.Equal(0.002m, PaperClient.Dec(order, "cumQty"));
        var average = PaperClient.Dec(order, "avgPrice");
        Assert.Equal(average * 0.002m, PaperClient.Dec(order, "cumQuote"));
        Assert.Equal("MARKET", order.GetProperty("type").GetString());
        Assert.Equal("MARKET", order.GetProperty("origType").GetString());
        Assert.Equal("BOTH", order.GetProperty("positionSide").GetString());
        Assert.Equal(JsonValueKind.False, order.GetProperty("reduceOnly").ValueKind);
        Assert.Equal(JsonValueKind.Number, order.GetProperty("updateTime").ValueKind);
        Assert.StartsWith("paper-", order.GetProperty("clientOrderId").GetString(), StringComparison.Ordinal);

        using var trades = await x.Client.SignedGetAsync("fapi/v1/userTrades", $"symbol=BTCUSDT&orderId={order.GetProperty("orderId").GetInt64()}");
        var fill = Assert.Single((await PaperClient.JsonAsync(trades)).EnumerateArray());
        Assert.Equal(average, PaperClient.Dec(fill, "price"));
        Assert.False(fill.GetProperty("maker").GetBoolean());
    }

    [Fact]
    public async Task Limit_orders_fill_when_marketable_rest_when_not_and_ioc_or_post_only_never_rest()
    {
        await using var x = await ExchangeFixture.StartAsync();
        using (var set = await x.Client.SendAsync(new HttpRequestMessage(HttpMethod.Post, new Uri("admin/price?symbol=ETHUSDT&price=3000", UriKind.Relative))))
        {
            Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        }

        // One walk step moves ETH by at most 30 ticks (0.30), so these prices are decisively away from the market.
        Assert.Equal("NEW", await StatusAsync(x, "symbol=ETHUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.1&price=2990&newClientOrderId=rest-1"));
        Assert.Equal("FILLED", await StatusAsync(x, "symbol=ETHUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.1&price=3010"));
        Assert.Equal("EXPIRED", await StatusAsync(x, "symbol=ETHUSDT&side=SELL&type=LIMIT&timeInForce=IOC&quantity=0.1&price=3100"));
        Assert.Equal("EXPIRED", await StatusAsync(x, "symbol=ETHUSDT&side=BUY&type=LIMIT&timeInForce=GTX&quantity=0.1&price=3010"));

        // The marketable buy filled at the market, not at its limit.
        using (var trades = await x.Client.SignedGetAsync("fapi/v1/userTrades", "symbol=ETHUSDT"))
        {
            var fill = Assert.Single((await PaperClient.JsonAsync(trades)).EnumerateArray());
            Assert.InRange(PaperClient.Dec(fill, "price"), 2999.70m, 3000.30m);
        }

        // The resting order's client id is taken, and an open order blocks a mode change.
        using (var duplicate = await x.Client.SignedPostAsync(Order, "symbol=ETHUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.1&price=2980&newClientOrderId=rest-1"))
        {
            Assert.Equal(-4116, await PaperClient.ErrorCodeAsync(duplicate));
        }

        using var mode = await x.Client.SignedPostAsync("fapi/v1/positionSide/dual", "dualSidePosition=true");
        Assert.Equal(-4067, await PaperClient.ErrorCodeAsync(mode));
    }

    [Theory]
    [InlineData("symbol=BTCUSDT&side=BUY&type=STOP_MARKET&quantity=0.01", -4120)]
    [InlineData("symbol=BTCUSDT&side=BUY&type=OCO&quantity=0.01", -1116)]
    [InlineData("symbol=BTCUSDT&side=HOLD&type=MARKET&quantity=0.01", -1117)]
    [InlineData("symbol=BTCUSDT&side=BUY&type=MARKET", -1102)]
    [InlineData("symbol=NOPEUSDT&side=BUY&type=MARKET&quantity=0.01", -1121)]
    [InlineData("symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.0105", -1111)]
    [InlineData("symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.001", -4164)]
    [InlineData("symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.01&price=90000", -1106)]
    [InlineData("symbol=BTCUSDT&side=BUY&type=LIMIT&quantity=0.01&price=90000", -1102)]
    [InlineData("symbol=BTCUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.01&price=90000.05", -1111)]
    [InlineData("symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.01&newClientOrderId=has%20space", -4015)]
    [InlineData("symbol=BTCUSDT&side=BUY&type=MARKET&quantity=0.01&reduceOnly=maybe", -1130)]
    public async Task Malformed_orders_are_refused_with_binance_codes(string body, int code)
    {
        await using var x = await ExchangeFixture.StartAsync();
        using var response = await x.Client.SignedPostAsync(Order, body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(code, await PaperClient.ErrorCodeAsync(response));
    }

    [Fact]
    public async Task Same_seed_and_same_orders_give_the_same_trades_and_another_seed_other_prices()
    {
        var first = await RunAsync(seed: 7);
        var second = await RunAsync(seed: 7);
        var other = await RunAsync(seed: 8);
        Assert.Equal(first, second);
        Assert.NotEqual(first, other);

        static async Task<string> RunAsync(int seed)
        {
            await using var x = await ExchangeFixture.StartAsync(o => o.Seed = seed);
            foreach (var side in new[] { "BUY", "BUY", "SELL", "SELL", "SELL", "BUY" })
            {
                (await x.Client.SignedPostAsync(Order, $"symbol=SOLUSDT&side={side}&type=MARKET&quantity=1.5")).Dispose();
                x.Clock.Advance(TimeSpan.FromSeconds(1));
            }

            using var trades = await x.Client.SignedGetAsync("fapi/v1/userTrades", "symbol=SOLUSDT");
            return await trades.Content.ReadAsStringAsync();
        }
    }

    private static async Task<string?> StatusAsync(ExchangeFixture x, string body)
    {
        using var response = await x.Client.SignedPostAsync(Order, body + "&newOrderRespType=RESULT");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await PaperClient.JsonAsync(response)).GetProperty("status").GetString();
    }
}
