using Tally.Core;
using Tally.Exchanges.Binance.Client;
using Tally.PaperExchange;

namespace Tally.Exchanges.Tests;

/// <summary>Conditional orders, symbol filters and balances through the USD-M client, against the paper exchange.</summary>
public sealed class BinanceAlgoOrderClientTests
{
    [Fact]
    public async Task Exchange_info_gives_each_symbols_tick_step_minimum_quantity_and_notional()
    {
        await using var x = await FuturesClientFixture.StartAsync();

        var info = await x.Client.GetExchangeInfoAsync(CancellationToken.None);

        var btc = info.Find("BTCUSDT");
        Assert.NotNull(btc);
        Assert.Equal(0.10m, btc.TickSize);
        Assert.Equal(0.001m, btc.StepSize);
        Assert.Equal(0.001m, btc.MinQuantity);
        Assert.Equal(100m, btc.MinNotional);
        Assert.Equal(0.012m, btc.RoundQuantityDown(0.0129m));
        Assert.Equal(45000.1m, btc.RoundPrice(45000.06m));
        Assert.Null(info.Find("NOPEUSDT"));
        Assert.Contains(info.RateLimits, l => l.RateLimitType == "REQUEST_WEIGHT");
    }

    [Fact]
    public async Task The_balance_endpoint_gives_the_wallet_and_what_is_available()
    {
        await using var x = await FuturesClientFixture.StartAsync(o => o.InitialBalance = 5_000m);

        var balances = await x.Client.GetBalancesAsync(CancellationToken.None);

        var usdt = Assert.Single(balances);
        Assert.Equal("USDT", usdt.Asset);
        Assert.Equal(5_000m, usdt.Balance);
        Assert.Equal(5_000m, usdt.AvailableBalance);
    }

    [Fact]
    public async Task The_ticker_gives_the_symbols_price()
    {
        await using var x = await FuturesClientFixture.StartAsync(o => o.Symbols = [Fixed("ETHUSDT", 3000m)]);

        Assert.Equal(3000m, await x.Client.GetPriceAsync("ETHUSDT", CancellationToken.None));
        x.Host.Venue.SetPrice("ETHUSDT", 3012.5m);
        Assert.Equal(3012.5m, await x.Client.GetPriceAsync("ETHUSDT", CancellationToken.None));
    }

    [Fact]
    public async Task A_take_profit_is_placed_queried_and_triggered_by_the_exchange_as_an_order_carrying_the_client_algo_id()
    {
        await using var x = await FuturesClientFixture.StartAsync(o => o.Symbols = [Fixed("ETHUSDT", 3000m)]);
        await x.Client.PlaceOrderAsync(new BinanceOrderRequest("ETHUSDT", Side.Buy, BinanceOrderType.Market, 0.1m, "entry-1"), CancellationToken.None);

        var placed = await x.Client.PlaceAlgoOrderAsync(
            new BinanceAlgoOrderRequest("ETHUSDT", Side.Sell, BinanceAlgoOrderType.TakeProfitMarket, 0.1m, 3100m, "tp-1", ReduceOnly: true),
            CancellationToken.None);

        Assert.Equal("tp-1", placed.ClientAlgoId);
        Assert.Equal("TAKE_PROFIT_MARKET", placed.OrderType);
        Assert.Equal(3100m, placed.TriggerPrice);
        Assert.Equal(0.1m, placed.Quantity);
        Assert.True(placed.IsOpen);
        Assert.Equal(placed.AlgoId, (await x.Client.QueryAlgoOrderAsync("tp-1", CancellationToken.None))!.AlgoId);

        x.Host.Venue.SetPrice("ETHUSDT", 3100m);

        var triggered = await x.Client.QueryAlgoOrderAsync("tp-1", CancellationToken.None);
        Assert.NotNull(triggered);
        Assert.False(triggered.IsOpen);
        Assert.NotNull(triggered.ActualOrderId);
        var exit = await x.Client.QueryOrderAsync("ETHUSDT", "tp-1", CancellationToken.None);
        Assert.NotNull(exit);
        Assert.Equal("FILLED", exit.Status);
        Assert.Equal(Side.Sell, exit.Side);
    }

    [Fact]
    public async Task A_stop_in_hedge_mode_takes_a_position_side_and_is_cancelled_by_client_algo_id()
    {
        await using var x = await FuturesClientFixture.StartAsync(o =>
        {
            o.Symbols = [Fixed("BTCUSDT", 45000m)];
            o.PositionMode = PositionMode.Hedge;
        });
        await x.Client.PlaceOrderAsync(
            new BinanceOrderRequest("BTCUSDT", Side.Buy, BinanceOrderType.Market, 0.003m, "entry-1", PositionSide: PositionSide.Long), CancellationToken.None);

        var stop = await x.Client.PlaceAlgoOrderAsync(
            new BinanceAlgoOrderRequest("BTCUSDT", Side.Sell, BinanceAlgoOrderType.StopMarket, 0.003m, 43000m, "sl-1", PositionSide.Long),
            CancellationToken.None);

        Assert.Equal(PositionSide.Long, stop.PositionSide);
        Assert.True(await x.Client.CancelAlgoOrderAsync("sl-1", CancellationToken.None));
        Assert.False(await x.Client.CancelAlgoOrderAsync("sl-1", CancellationToken.None));
        Assert.Equal("CANCELED", (await x.Client.QueryAlgoOrderAsync("sl-1", CancellationToken.None))!.AlgoStatus);
        Assert.Null(await x.Client.QueryAlgoOrderAsync("never-placed", CancellationToken.None));
    }

    [Fact]
    public async Task A_trigger_that_already_holds_is_refused_with_the_venues_code()
    {
        await using var x = await FuturesClientFixture.StartAsync(o => o.Symbols = [Fixed("ETHUSDT", 3000m)]);
        await x.Client.PlaceOrderAsync(new BinanceOrderRequest("ETHUSDT", Side.Buy, BinanceOrderType.Market, 0.1m, "entry-1"), CancellationToken.None);

        var refused = await Assert.ThrowsAsync<BinanceApiException>(() => x.Client.PlaceAlgoOrderAsync(
            new BinanceAlgoOrderRequest("ETHUSDT", Side.Sell, BinanceAlgoOrderType.StopMarket, 0.1m, 3100m, "sl-1", ReduceOnly: true),
            CancellationToken.None));

        Assert.Equal(-2021, refused.Code);
    }

    [Theory]
    [InlineData("unknown")]
    [InlineData("timeout")]
    public async Task An_algo_order_whose_outcome_is_unknown_is_looked_up_and_never_placed_twice(string fault)
    {
        await using var x = await FuturesClientFixture.StartAsync(o => o.Symbols = [Fixed("ETHUSDT", 3000m)]);
        await x.Client.PlaceOrderAsync(new BinanceOrderRequest("ETHUSDT", Side.Buy, BinanceOrderType.Market, 0.1m, "entry-1"), CancellationToken.None);
        await x.ScriptFaultAsync(fault, 1);

        var placed = await x.Client.PlaceAlgoOrderAsync(
            new BinanceAlgoOrderRequest("ETHUSDT", Side.Sell, BinanceAlgoOrderType.TakeProfitMarket, 0.1m, 3100m, "tp-once", ReduceOnly: true),
            CancellationToken.None);

        Assert.Equal("tp-once", placed.ClientAlgoId);
        Assert.Single(x.Host.Venue.OpenAlgoOrders("ETHUSDT"));
    }

    /// <summary>A symbol whose price stays put until a test moves it.</summary>
    private static PaperSymbol Fixed(string symbol, decimal price) =>
        PaperSymbol.Defaults.Single(s => s.Symbol == symbol) with { StartPrice = price, MaxTicksPerStep = 0 };
}
