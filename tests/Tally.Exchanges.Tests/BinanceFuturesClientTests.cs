using System.Net;
using Tally.Core;
using Tally.Exchanges.Binance.Client;
using VirtualClock = Tally.Engine.Tests.VirtualClock;

namespace Tally.Exchanges.Tests;

/// <summary>The REST client against the paper exchange: limits, faults and clocks.</summary>
public sealed class BinanceFuturesClientTests
{
    [Fact]
    public async Task With_the_published_weight_limit_the_client_waits_for_the_next_minute_and_never_gets_429_or_418()
    {
        await using var x = await FuturesClientFixture.StartAsync(o => o.RequestWeightPerMinute = 40);
        await PlaceOrdersAsync(x, 150);
        var limits = await x.Client.GetExchangeInfoLimitsAsync(CancellationToken.None);
        Assert.Contains(limits, l => l is { RateLimitType: "REQUEST_WEIGHT", Limit: 40 });
        Assert.Equal(40, x.Client.Governor.Limit);

        // Fifteen pages of ten, weight 5 each: twice the minute's budget.
        var trades = await x.ExchangeTradesAsync("ETHUSDT", pageLimit: 10);

        Assert.Equal(150, trades.Count);
        Assert.Equal(0, x.Handler.CountStatus(HttpStatusCode.TooManyRequests));
        Assert.Equal(0, x.Handler.CountStatus((HttpStatusCode)418));
        Assert.True(x.Client.Governor.Waits > 0, "the budget of 36 a minute should have made the client wait");
        Assert.True(x.Clock.Waited > TimeSpan.Zero);
    }

    [Fact]
    public async Task Without_knowing_the_limit_the_client_honours_429_retry_after_and_is_never_banned()
    {
        await using var x = await FuturesClientFixture.StartAsync(o => o.RequestWeightPerMinute = 30);
        await PlaceOrdersAsync(x, 100);

        // The client assumes 2400 a minute, so the exchange's 429 is what stops it.
        var trades = await x.ExchangeTradesAsync("ETHUSDT", pageLimit: 10);

        Assert.Equal(100, trades.Count);
        Assert.True(x.Handler.CountStatus(HttpStatusCode.TooManyRequests) > 0);
        Assert.Equal(0, x.Handler.CountStatus((HttpStatusCode)418));
    }

    [Theory]
    [InlineData("unknown")]
    [InlineData("timeout")]
    [InlineData("unavailable")]
    public async Task An_order_whose_outcome_is_unknown_is_looked_up_by_client_order_id_and_never_placed_twice(string fault)
    {
        await using var x = await FuturesClientFixture.StartAsync();
        await x.ScriptFaultAsync(fault, 1);

        var order = await x.Client.PlaceOrderAsync(
            new BinanceOrderRequest("ETHUSDT", Side.Buy, BinanceOrderType.Market, 0.05m, "once-1"), CancellationToken.None);

        Assert.Equal("once-1", order.ClientOrderId);
        Assert.Equal(0.05m, order.ExecutedQuantity);
        var trades = await x.ExchangeTradesAsync("ETHUSDT");
        Assert.Single(trades);
        Assert.Equal(order.OrderId, trades[0].Value.OrderId);
        Assert.Equal(1, x.Handler.Count("fapi/v1/order?")); // the lookup
    }

    [Fact]
    public async Task A_lost_answer_then_a_failing_lookup_still_ends_with_one_order()
    {
        await using var x = await FuturesClientFixture.StartAsync();
        await x.ScriptFaultAsync("unknown", 1);      // the order executes, its answer is lost
        await x.ScriptFaultAsync("unavailable", 2);  // the lookup fails twice before it answers

        await x.Client.PlaceOrderAsync(new BinanceOrderRequest("BTCUSDT", Side.Sell, BinanceOrderType.Market, 0.002m, "once-2"), CancellationToken.None);

        Assert.Single(await x.ExchangeTradesAsync("BTCUSDT"));
    }

    [Fact]
    public async Task A_reused_client_order_id_of_an_older_finished_order_does_not_pass_for_the_new_one()
    {
        await using var x = await FuturesClientFixture.StartAsync();
        await x.Client.PlaceOrderAsync(new BinanceOrderRequest("ETHUSDT", Side.Buy, BinanceOrderType.Market, 0.05m, "reused"), CancellationToken.None);
        x.Clock.Advance(TimeSpan.FromMinutes(5));
        await x.ScriptFaultAsync("unavailable", 1); // the new order is refused before it runs; the lookup finds the old one

        var order = await x.Client.PlaceOrderAsync(new BinanceOrderRequest("ETHUSDT", Side.Buy, BinanceOrderType.Market, 0.07m, "reused"), CancellationToken.None);

        Assert.Equal(0.07m, order.ExecutedQuantity);
        Assert.Equal([0.05m, 0.07m], (await x.ExchangeTradesAsync("ETHUSDT")).Select(t => t.Value.Quantity));
    }

    [Fact]
    public async Task Reads_are_retried_after_503_service_unavailable()
    {
        await using var x = await FuturesClientFixture.StartAsync();
        await x.ScriptFaultAsync("unavailable", 3);

        var risk = await x.Client.GetPositionRiskAsync("SOLUSDT", CancellationToken.None);

        Assert.Single(risk);
        Assert.Equal(3, x.Handler.Count("positionRisk", HttpStatusCode.ServiceUnavailable));
    }

    [Fact]
    public async Task Reads_give_up_with_a_typed_error_after_the_bounded_attempts()
    {
        await using var x = await FuturesClientFixture.StartAsync();
        await x.ScriptFaultAsync("unavailable", 50);

        var error = await Assert.ThrowsAsync<BinanceApiException>(() => x.Client.GetPositionRiskAsync(null, CancellationToken.None));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.True(error.IsExecutionUnknown);
        Assert.Equal(new BinanceClientOptions().MaxAttempts, x.Handler.Count("positionRisk"));
    }

    [Fact]
    public async Task Rejections_surface_as_typed_errors_with_binance_code_and_status()
    {
        await using var x = await FuturesClientFixture.StartAsync();

        var error = await Assert.ThrowsAsync<BinanceApiException>(() => x.Client.PlaceOrderAsync(
            new BinanceOrderRequest("ETHUSDT", Side.Buy, BinanceOrderType.Market, 0.05m, "hedge-side", PositionSide: PositionSide.Long), CancellationToken.None));

        Assert.Equal(-4061, error.Code);
        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.False(error.IsExecutionUnknown);
    }

    [Fact]
    public async Task A_local_clock_that_jumps_ahead_gets_minus_1021_once_then_resyncs_and_succeeds()
    {
        await using var x = await FuturesClientFixture.StartAsync();
        var local = new VirtualClock(FuturesClientFixture.Start);
        var (client, handler, http) = x.NewClient(local);
        using (http)
        {
            await client.GetPositionRiskAsync(null, CancellationToken.None);
            Assert.Equal(1, client.ClockSyncs);

            local.Advance(TimeSpan.FromSeconds(10)); // the local clock is now 10 s ahead of the exchange

            await client.GetPositionRiskAsync(null, CancellationToken.None);
            Assert.Equal(2, client.ClockSyncs);
            Assert.Equal(TimeSpan.FromSeconds(-10), client.ClockOffset);
            Assert.Equal(1, handler.Count("positionRisk", HttpStatusCode.BadRequest));
        }
    }

    [Fact]
    public async Task A_local_clock_behind_the_exchange_is_corrected_by_the_measured_offset()
    {
        await using var x = await FuturesClientFixture.StartAsync();
        var local = new VirtualClock(FuturesClientFixture.Start - TimeSpan.FromMinutes(3));
        var (client, handler, http) = x.NewClient(local);
        using (http)
        {
            await client.GetPositionRiskAsync(null, CancellationToken.None);

            Assert.Equal(TimeSpan.FromMinutes(3), client.ClockOffset);
            Assert.Equal(0, handler.CountStatus(HttpStatusCode.BadRequest));
        }
    }

    [Fact]
    public async Task Listen_keys_are_created_and_kept_alive()
    {
        await using var x = await FuturesClientFixture.StartAsync();

        var key = await x.Client.CreateListenKeyAsync(CancellationToken.None);
        await x.Client.KeepAliveListenKeyAsync(CancellationToken.None);

        Assert.False(string.IsNullOrEmpty(key));
        Assert.Equal(key, await x.Client.CreateListenKeyAsync(CancellationToken.None));
    }

    /// <summary>MARKET orders on ETHUSDT, buying and selling in turn, a minute apart so placing them never meets the weight limit.</summary>
    private static async Task PlaceOrdersAsync(FuturesClientFixture x, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var placed = await x.Client.PlaceOrderAsync(
                new BinanceOrderRequest("ETHUSDT", i % 2 == 0 ? Side.Buy : Side.Sell, BinanceOrderType.Market, 0.05m, $"w-{i}"), CancellationToken.None);
            Assert.Equal("FILLED", placed.Status);
            x.Clock.Advance(TimeSpan.FromMinutes(1));
        }
    }
}
