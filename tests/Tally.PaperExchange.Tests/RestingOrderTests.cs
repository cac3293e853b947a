using System.Net;

namespace Tally.PaperExchange.Tests;

public sealed class RestingOrderTests
{
    private const string Order = "fapi/v1/order";

    [Fact]
    public async Task Resting_limit_orders_fill_as_maker_at_their_price_when_the_market_reaches_them()
    {
        await using var x = await ExchangeFixture.StartAsync();
        await SetPriceAsync(x, "ETHUSDT", "3000");
        Assert.Equal("NEW", await PlaceAsync(x, "symbol=ETHUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=0.5&price=2990"));
        await SetPriceAsync(x, "ETHUSDT", "2985");

        // Maker fee 0.02 %: 2990 × 0.5 × 0.0002 = 0.299.
        using (var trades = await x.Client.SignedGetAsync("fapi/v1/userTrades", "symbol=ETHUSDT"))
        {
            var fill = Assert.Single((await PaperClient.JsonAsync(trades)).EnumerateArray());
            Assert.True(fill.GetProperty("maker").GetBoolean());
            Assert.Equal(2990m, PaperClient.Dec(fill, "price"));
            Assert.Equal(0.299m, PaperClient.Dec(fill, "commission"));
        }

        Assert.Equal("NEW", await PlaceAsync(x, "symbol=ETHUSDT&side=SELL&type=LIMIT&timeInForce=GTC&quantity=0.5&price=3050&reduceOnly=true"));
        await SetPriceAsync(x, "ETHUSDT", "3060");

        // (3050 − 2990) × 0.5 = 30 realized on the closing fill.
        using (var trades = await x.Client.SignedGetAsync("fapi/v1/userTrades", "symbol=ETHUSDT"))
        {
            var rows = (await PaperClient.JsonAsync(trades)).EnumerateArray().ToList();
            Assert.Equal(2, rows.Count);
            Assert.Equal("30.00000000", rows[1].GetProperty("realizedPnl").GetString());
        }

        using var risk = await x.Client.SignedGetAsync("fapi/v2/positionRisk", "symbol=ETHUSDT");
        Assert.Equal(0m, PaperClient.Dec(Assert.Single((await PaperClient.JsonAsync(risk)).EnumerateArray()), "positionAmt"));
    }

    [Fact]
    public async Task Cancel_removes_a_resting_order_and_unknown_orders_are_minus_2011()
    {
        await using var x = await ExchangeFixture.StartAsync();
        await SetPriceAsync(x, "BNBUSDT", "600");
        Assert.Equal("NEW", await PlaceAsync(x, "symbol=BNBUSDT&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=550&newClientOrderId=c1"));

        using (var canceled = await x.Client.SignedQueryAsync(HttpMethod.Delete, Order, "symbol=BNBUSDT&origClientOrderId=c1"))
        {
            Assert.Equal(HttpStatusCode.OK, canceled.StatusCode);
            Assert.Equal("CANCELED", (await PaperClient.JsonAsync(canceled)).GetProperty("status").GetString());
        }

        using (var again = await x.Client.SignedQueryAsync(HttpMethod.Delete, Order, "symbol=BNBUSDT&origClientOrderId=c1"))
        {
            Assert.Equal(-2011, await PaperClient.ErrorCodeAsync(again));
        }

        // Nothing open any more: the market passing 550 fills nothing, and the mode may change.
        await SetPriceAsync(x, "BNBUSDT", "540");
        using (var trades = await x.Client.SignedGetAsync("fapi/v1/userTrades", "symbol=BNBUSDT"))
        {
            Assert.Equal(0, (await PaperClient.JsonAsync(trades)).GetArrayLength());
        }

        using var mode = await x.Client.SignedPostAsync("fapi/v1/positionSide/dual", "dualSidePosition=true");
        Assert.Equal(HttpStatusCode.OK, mode.StatusCode);
    }

    [Fact]
    public async Task Orders_can_be_queried_by_id_or_client_id_and_open_orders_listed()
    {
        await using var x = await ExchangeFixture.StartAsync();
        await SetPriceAsync(x, "SOLUSDT", "140");
        Assert.Equal("FILLED", await PlaceAsync(x, "symbol=SOLUSDT&side=BUY&type=MARKET&quantity=1&newClientOrderId=m1"));
        Assert.Equal("NEW", await PlaceAsync(x, "symbol=SOLUSDT&side=SELL&type=LIMIT&timeInForce=GTC&quantity=1&price=150&newClientOrderId=l1"));

        using (var market = await x.Client.SignedGetAsync(Order, "symbol=SOLUSDT&origClientOrderId=m1"))
        {
            var order = await PaperClient.JsonAsync(market);
            Assert.Equal("FILLED", order.GetProperty("status").GetString());
            Assert.Equal(1m, PaperClient.Dec(order, "executedQty"));
        }

        using (var open = await x.Client.SignedGetAsync("fapi/v1/openOrders", "symbol=SOLUSDT"))
        {
            var order = Assert.Single((await PaperClient.JsonAsync(open)).EnumerateArray());
            Assert.Equal("l1", order.GetProperty("clientOrderId").GetString());
        }

        await SetPriceAsync(x, "SOLUSDT", "151");
        using (var limit = await x.Client.SignedGetAsync(Order, "symbol=SOLUSDT&origClientOrderId=l1"))
        {
            var order = await PaperClient.JsonAsync(limit);
            Assert.Equal("FILLED", order.GetProperty("status").GetString());
            Assert.Equal(150m, PaperClient.Dec(order, "avgPrice"));
            using var byId = await x.Client.SignedGetAsync(Order, $"symbol=SOLUSDT&orderId={order.GetProperty("orderId").GetInt64()}");
            Assert.Equal("l1", (await PaperClient.JsonAsync(byId)).GetProperty("clientOrderId").GetString());
        }

        using (var none = await x.Client.SignedGetAsync("fapi/v1/openOrders", string.Empty))
        {
            Assert.Equal(0, (await PaperClient.JsonAsync(none)).GetArrayLength());
        }

        using var unknown = await x.Client.SignedGetAsync(Order, "symbol=SOLUSDT&origClientOrderId=nope");
        Assert.Equal(-2013, await PaperClient.ErrorCodeAsync(unknown));
    }

    private static async Task SetPriceAsync(ExchangeFixture x, string symbol, string price)
    {
        using var response = await x.Client.SendAsync(new HttpRequestMessage(HttpMethod.Post, new Uri($"admin/price?symbol={symbol}&price={price}", UriKind.Relative)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task<string?> PlaceAsync(ExchangeFixture x, string body)
    {
        using var response = await x.Client.SignedPostAsync(Order, body + "&newOrderRespType=RESULT");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await PaperClient.JsonAsync(response)).GetProperty("status").GetString();
    }
}
