using Tally.Core.Signals;
using Tally.Engine.Dispatch;

namespace Tally.Engine.Tests;

/// <summary>Sizing and client order ids, without a venue.</summary>
public sealed class DispatchRulesTests
{
    private static readonly VenueSymbol Btc = new("BTCUSDT", "USDT", TickSize: 0.10m, StepSize: 0.001m, MinQuantity: 0.001m, MinNotional: 100m);

    private static Signal Buy(decimal? quantity = null, decimal? fraction = null) =>
        new("s", "A", "BTCUSDT", SignalAction.Buy, 0.5m, DateTimeOffset.UnixEpoch, quantity, fraction);

    [Theory]
    [InlineData(0.0029, 0.002)]
    [InlineData(0.003, 0.003)]
    [InlineData(1.23456, 1.234)]
    public void A_given_quantity_is_rounded_down_to_the_step(double given, double expected)
    {
        var size = OrderSizing.Size(Buy((decimal)given), Btc, 50_000m, 0m, 1m, out var rejection);

        Assert.Null(rejection);
        Assert.Equal((decimal)expected, size);
    }

    [Fact]
    public void A_size_fraction_is_of_available_balance_times_leverage_at_the_price()
    {
        // 0.1 × 1,000 × 5 / 45,000 = 0.01111… → 0.011.
        Assert.Equal(0.011m, OrderSizing.Size(Buy(fraction: 0.1m), Btc, 45_000m, 1_000m, 5m, out _));
    }

    [Theory]
    [InlineData(0.0009, "too small: 0 BTCUSDT is below the minimum quantity 0.001")]
    [InlineData(0.001, "too small: notional 45 is below the minimum 100")]
    public void Below_the_minimum_quantity_or_notional_is_too_small(double given, string reason)
    {
        Assert.Null(OrderSizing.Size(Buy((decimal)given), Btc, 45_000m, 0m, 1m, out var rejection));
        Assert.Equal(reason, rejection);
    }

    [Fact]
    public void Without_quantity_or_fraction_nothing_is_sized()
    {
        Assert.Null(OrderSizing.Size(Buy(), Btc, 45_000m, 1_000m, 1m, out var rejection));
        Assert.Equal("no quantity or size_fraction", rejection);
    }

    [Fact]
    public void Client_order_ids_continue_after_the_highest_stored_one_and_fit_binances_pattern()
    {
        var ids = new ClientOrderIds("node_1", ["t-node_1-7", "t-node_1-12", "t-other-99", "manual", "t-node_1-x"]);

        Assert.Equal("t-node_1-13", ids.Next());
        Assert.Equal("t-node_1-14", ids.Next());
        // The longest instance name with the largest counter still fits Binance's 36 characters.
        var longest = new ClientOrderIds("abcdefghijklmn", [$"t-abcdefghijklmn-{long.MaxValue - 1}"]).Next();
        Assert.Equal($"t-abcdefghijklmn-{long.MaxValue}", longest);
        Assert.Matches("^[.A-Z:/a-z0-9_-]{1,36}$", longest);
        Assert.Throws<ArgumentException>(() => new ClientOrderIds("has-dash", []));
        Assert.Throws<ArgumentException>(() => new ClientOrderIds("fifteen_chars_x", []));
    }
}
