using System.Net;
using Tally.Core;
using Tally.Exchanges.Binance.Client;

namespace Tally.Exchanges.Tests;

public sealed class BinanceSpotClientTests
{
    [Fact]
    public async Task Spot_orders_under_lost_replies_and_503s_are_each_placed_exactly_once()
    {
        await using var x = await SpotClientFixture.StartAsync(o =>
        {
            o.UnavailableRate = 0.05m;
            o.LostReplyRate = 0.15m;
        });

        var orderIds = new HashSet<long>();
        for (var i = 0; i < 120; i++)
        {
            var side = i % 3 == 0 ? Side.Sell : Side.Buy;
            var placed = await x.Client.PlaceOrderAsync(new BinanceSpotOrderRequest("BNBUSDT", side, BinanceSpotOrderType.Market, 0.05m, $"once-{i}"), CancellationToken.None);
            Assert.Equal($"once-{i}", placed.ClientOrderId);
            Assert.True(orderIds.Add(placed.OrderId), $"order {placed.OrderId} returned twice");
        }

        // Lost replies really happened, and the exchange holds exactly one fill per request.
        Assert.True(x.Handler.CountStatus(HttpStatusCode.ServiceUnavailable) + x.Handler.CountStatus(HttpStatusCode.RequestTimeout) > 10);
        var trades = await x.ExchangeTradesAsync("BNBUSDT");
        Assert.Equal(120, trades.Count);
        Assert.Equal(orderIds.Order(), trades.Select(t => t.Value.OrderId).Order());
    }

    [Fact]
    public async Task The_client_takes_the_spot_weight_limit_from_exchange_info_and_reads_balances()
    {
        await using var x = await SpotClientFixture.StartAsync(o => o.Spot.RequestWeightPerMinute = 1200);

        var info = await x.Client.GetExchangeInfoAsync(CancellationToken.None);
        var account = await x.Client.GetAccountAsync(CancellationToken.None);

        Assert.Equal(1200, info.RateLimits.Single(l => l.RateLimitType == "REQUEST_WEIGHT").Limit);
        Assert.Contains(info.Symbols, s => s is { Symbol: "ETHBTC", BaseAsset: "ETH", QuoteAsset: "BTC" });
        Assert.Equal(1_000_000m, account.Balances.Single(b => b.Asset == "USDT").Free);
        Assert.Equal(0m, account.Balances.Single(b => b.Asset == "SOL").Free);
    }

    [Fact]
    public async Task A_cancelled_limit_order_is_found_by_its_client_order_id_and_an_unknown_one_is_null()
    {
        await using var x = await SpotClientFixture.StartAsync();
        var last = x.Host.SpotVenue.LastPrice("ETHUSDT");

        var resting = await x.Client.PlaceOrderAsync(new BinanceSpotOrderRequest("ETHUSDT", Side.Buy, BinanceSpotOrderType.LimitMaker, 0.01m, "rest-eth", Price: last - 100m), CancellationToken.None);
        var canceled = await x.Client.CancelOrderAsync("ETHUSDT", "rest-eth", CancellationToken.None);
        var queried = await x.Client.QueryOrderAsync("ETHUSDT", "rest-eth", CancellationToken.None);

        Assert.Equal("NEW", resting.Status);
        Assert.Equal("CANCELED", canceled.Status);
        Assert.Equal(resting.OrderId, queried!.OrderId);
        Assert.Equal("CANCELED", queried.Status);
        Assert.Null(await x.Client.QueryOrderAsync("ETHUSDT", "never-sent", CancellationToken.None));
        var again = await Assert.ThrowsAsync<BinanceApiException>(() => x.Client.CancelOrderAsync("ETHUSDT", "rest-eth", CancellationToken.None));
        Assert.Equal(-2011, again.Code);
    }
}
