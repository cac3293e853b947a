using Tally.Core;

namespace Tally.PaperExchange.Tests;

/// <summary>The venue's own bookkeeping, without HTTP: a symbol whose walk never moves makes prices scriptable.</summary>
public sealed class VenueTests
{
    private static readonly PaperSymbol Still = new("ETHUSDT", "ETH", "USDT", 0.01m, 0.001m, 10000m, 5m, 3000m, MaxTicksPerStep: 0);

    private static PaperVenue NewVenue(PositionMode mode = PositionMode.OneWay) =>
        new(new PaperExchangeOptions { Symbols = [Still], PositionMode = mode });

    private static PaperTrade Market(PaperVenue venue, Side side, decimal quantity, decimal price, PositionSide? positionSide = null, bool? reduceOnly = null)
    {
        venue.SetPrice("ETHUSDT", price);
        var error = venue.TryPlace(new OrderRequest("ETHUSDT", side, OrderType.Market, positionSide, quantity, null, null, reduceOnly, null), out _, out var order);
        Assert.Null(error);
        Assert.True(venue.TryGetTrades(new TradeQuery("ETHUSDT", order.OrderId, null, null, null, 10), out var trades) is null);
        return Assert.Single(trades);
    }

    [Fact]
    public void Worked_example_realizes_83_33_then_116_67()
    {
        var venue = NewVenue();
        Assert.Equal(0m, Market(venue, Side.Buy, 1.0m, 3000m).RealizedPnl);
        Assert.Equal(0m, Market(venue, Side.Buy, 0.5m, 3100m).RealizedPnl);
        var reduce = Market(venue, Side.Sell, 0.5m, 3200m);
        Assert.Equal(83.33333333m, Math.Round(reduce.RealizedPnl, 8));
        var close = Market(venue, Side.Sell, 1.0m, 3150m);
        Assert.Equal(116.66666667m, Math.Round(close.RealizedPnl, 8));
        Assert.Equal(200m, Math.Round(reduce.RealizedPnl + close.RealizedPnl, 20));
        Assert.Equal(0m, venue.Positions("ETHUSDT").Single().Amount);
    }

    [Fact]
    public void One_way_flip_closes_then_opens_at_the_fill_price()
    {
        var venue = NewVenue();
        Market(venue, Side.Buy, 1m, 3000m);
        var flip = Market(venue, Side.Sell, 3m, 2900m);
        Assert.Equal(-100m, flip.RealizedPnl);
        var row = venue.Positions("ETHUSDT").Single();
        Assert.Equal(-2m, row.Amount);
        Assert.Equal(2900m, row.EntryPrice);
    }

    [Fact]
    public void Taker_fee_is_four_basis_points_of_notional_in_usdt()
    {
        var venue = NewVenue();
        var trade = Market(venue, Side.Buy, 0.25m, 3012.5m);
        Assert.Equal(0.30125m, trade.Commission);
    }

    [Fact]
    public void Reduce_only_when_flat_is_rejected_and_larger_reduce_only_executes_the_position_size()
    {
        var venue = NewVenue();
        var rejected = venue.TryPlace(new OrderRequest("ETHUSDT", Side.Sell, OrderType.Market, null, 1m, null, null, true, null), out _, out _);
        Assert.Equal(-2022, rejected?.Code);

        Market(venue, Side.Buy, 1m, 3000m);
        venue.SetPrice("ETHUSDT", 3100m);
        Assert.Null(venue.TryPlace(new OrderRequest("ETHUSDT", Side.Sell, OrderType.Market, null, 2m, null, null, true, null), out _, out var order));
        Assert.Equal(1m, order.ExecutedQuantity);
        Assert.Equal(OrderStatus.Expired, order.Status);
        Assert.Equal(0m, venue.Positions("ETHUSDT").Single().Amount);
    }

    [Fact]
    public void Hedge_mode_keeps_long_and_short_books_and_never_flips_a_side()
    {
        var venue = NewVenue(PositionMode.Hedge);
        Market(venue, Side.Buy, 1m, 3000m, PositionSide.Long);
        Market(venue, Side.Sell, 2m, 3000m, PositionSide.Short);
        var rows = venue.Positions("ETHUSDT");
        Assert.Equal([1m, -2m], rows.Select(r => r.Amount));
        Assert.Equal([PositionSide.Long, PositionSide.Short], rows.Select(r => r.PositionSide));

        var overClose = venue.TryPlace(new OrderRequest("ETHUSDT", Side.Sell, OrderType.Market, PositionSide.Long, 1.5m, null, null, null, null), out _, out _);
        Assert.Equal(-2022, overClose?.Code);
    }

    [Fact]
    public void Too_many_decimals_and_notional_below_minimum_are_rejected()
    {
        var venue = NewVenue();
        Assert.Equal(-1111, venue.TryPlace(new OrderRequest("ETHUSDT", Side.Buy, OrderType.Market, null, 0.0015m, null, null, null, null), out _, out _)?.Code);
        Assert.Equal(-4164, venue.TryPlace(new OrderRequest("ETHUSDT", Side.Buy, OrderType.Market, null, 0.001m, null, null, null, null), out _, out _)?.Code);
        Assert.Equal(-1111, venue.TryPlace(new OrderRequest("ETHUSDT", Side.Buy, OrderType.Limit, null, 1m, 3000.005m, TimeInForce.Gtc, null, null), out _, out _)?.Code);
    }

    [Fact]
    public void A_resting_hedge_close_larger_than_what_is_left_fills_only_what_is_left()
    {
        var venue = NewVenue(PositionMode.Hedge);
        Market(venue, Side.Buy, 1m, 3000m, PositionSide.Long);

        // A resting close of 0.8 at 3100, then a market close of 0.5 below it.
        Assert.Null(venue.TryPlace(new OrderRequest("ETHUSDT", Side.Sell, OrderType.Limit, PositionSide.Long, 0.8m, 3100m, TimeInForce.Gtc, null, null), out _, out var resting));
        Assert.Equal(OrderStatus.New, resting.Status);
        venue.SetPrice("ETHUSDT", 3050m);
        Assert.Null(venue.TryPlace(new OrderRequest("ETHUSDT", Side.Sell, OrderType.Market, PositionSide.Long, 0.5m, null, null, null, null), out _, out var first));
        Assert.Equal(0.5m, first.ExecutedQuantity);

        // Now 0.5 long with a 0.8 close resting: moving through 3100 fills it only up to 0.5, never into a short.
        venue.SetPrice("ETHUSDT", 3100m);
        var row = venue.Positions("ETHUSDT").Single(r => r.PositionSide == PositionSide.Long);
        Assert.Equal(0m, row.Amount);
        Assert.Null(venue.TryGetOrder("ETHUSDT", resting.OrderId, null, out var after));
        Assert.Equal(0.5m, after.ExecutedQuantity);
        Assert.Equal(OrderStatus.Expired, after.Status);
    }
}
