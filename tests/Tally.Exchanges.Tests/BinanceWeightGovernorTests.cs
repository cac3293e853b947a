using Microsoft.Extensions.Time.Testing;
using Tally.Exchanges.Binance.Client;

namespace Tally.Exchanges.Tests;

/// <summary>The governor alone, on a fake clock that only moves when the test says so.</summary>
public sealed class BinanceWeightGovernorTests
{
    private static readonly DateTimeOffset Minute = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Margin = TimeSpan.FromMilliseconds(250);

    [Fact]
    public async Task Calls_within_ninety_percent_of_the_limit_go_at_once()
    {
        var clock = new FakeTimeProvider(Minute + TimeSpan.FromSeconds(10));
        var governor = new BinanceWeightGovernor(clock, limit: 100, headroom: 0.9m, Margin, () => TimeSpan.Zero);

        for (var i = 0; i < 18; i++)
        {
            await governor.AcquireAsync(5, CancellationToken.None); // 18 × 5 = 90 = budget
        }

        Assert.Equal(90, governor.Used);
        Assert.Equal(0, governor.Waits);
    }

    [Fact]
    public async Task A_call_that_would_pass_the_budget_waits_until_the_next_exchange_minute()
    {
        var clock = new FakeTimeProvider(Minute + TimeSpan.FromSeconds(10));
        var governor = new BinanceWeightGovernor(clock, limit: 100, headroom: 0.9m, Margin, () => TimeSpan.Zero);
        governor.Observe(88);

        var waiting = governor.AcquireAsync(5, CancellationToken.None);
        Assert.False(waiting.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(50)); // exactly the boundary: still inside the safety margin
        Assert.False(waiting.IsCompleted);
        clock.Advance(Margin);
        await waiting;

        Assert.Equal(5, governor.Used);
        Assert.Equal(1, governor.Waits);
    }

    [Fact]
    public async Task The_minute_is_the_exchanges_minute_through_the_clock_offset()
    {
        // Local 12:00:50, exchange 12:00:58: the next exchange minute is 2 s (+ margin) away, not 10 s.
        var clock = new FakeTimeProvider(Minute + TimeSpan.FromSeconds(50));
        var governor = new BinanceWeightGovernor(clock, limit: 10, headroom: 1m, Margin, () => TimeSpan.FromSeconds(8));
        await governor.AcquireAsync(10, CancellationToken.None);

        var waiting = governor.AcquireAsync(1, CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(2) + Margin);
        await waiting;

        Assert.Equal(1, governor.Used);
    }

    [Fact]
    public async Task After_a_429_nothing_is_sent_before_retry_after_has_passed()
    {
        var clock = new FakeTimeProvider(Minute);
        var governor = new BinanceWeightGovernor(clock, limit: 2400, headroom: 0.9m, Margin, () => TimeSpan.Zero);
        governor.Block(TimeSpan.FromSeconds(30));

        var waiting = governor.AcquireAsync(1, CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.False(waiting.IsCompleted);
        clock.Advance(Margin);
        await waiting;
    }

    [Fact]
    public async Task Without_retry_after_a_429_blocks_until_the_next_minute()
    {
        var clock = new FakeTimeProvider(Minute + TimeSpan.FromSeconds(45));
        var governor = new BinanceWeightGovernor(clock, limit: 2400, headroom: 0.9m, Margin, () => TimeSpan.Zero);
        governor.Block(retryAfter: null);

        var waiting = governor.AcquireAsync(1, CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(15));
        Assert.False(waiting.IsCompleted);
        clock.Advance(Margin);
        await waiting;
    }

    [Fact]
    public async Task A_waiting_call_can_be_cancelled()
    {
        var clock = new FakeTimeProvider(Minute);
        var governor = new BinanceWeightGovernor(clock, limit: 10, headroom: 1m, Margin, () => TimeSpan.Zero);
        await governor.AcquireAsync(10, CancellationToken.None);
        using var cts = new CancellationTokenSource();

        var waiting = governor.AcquireAsync(1, cts.Token);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
    }
}
