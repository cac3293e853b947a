using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Tally.Core.Attribution;
using Tally.Core.Signals;
using Tally.Engine.Dispatch;
using Tally.Engine.Service;
using Tally.Storage;

namespace Tally.Engine.Tests;

/// <summary>A spot account: orders go out, but the venue has no conditional orders for a position.</summary>
public sealed class SpotDispatchTests
{
    [Fact]
    public async Task On_spot_an_entry_is_sent_and_its_tp_and_sl_stay_on_the_strategy_position_with_a_log_line_saying_so()
    {
        await using var x = await SpotSyncFixture.StartAsync();
        var lines = new RecordingLogger();
        using var metrics = new DispatchMetrics();
        using var dispatcher = new AccountDispatcher(
            SpotTradeSynchronizer.DefaultVenue,
            SpotSyncFixture.Account,
            new BinanceSpotOrderVenue(x.Client),
            new FillLogDispatchStore(x.Log!),
            new DispatchOptions(),
            x.Clock,
            metrics,
            logger: lines);
        var live = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var runner = new AccountRunner(
            x.Client,
            x.Log!,
            new AccountRunOptions { Venue = SpotTradeSynchronizer.DefaultVenue, Account = SpotSyncFixture.Account, Symbols = ["BTCUSDT"], StartTime = SpotSyncFixture.Start - TimeSpan.FromDays(1), StreamBase = x.WebSocketApi },
            new FakeTimeProvider(SpotSyncFixture.Start))
        {
            SilentCheckInterval = Timeout.InfiniteTimeSpan,
            ReconnectDelay = TimeSpan.Zero,
            FillIngested = dispatcher.Enqueue,
            StateChanged = s =>
            {
                if (s == AccountState.Live)
                {
                    live.TrySetResult();
                }
            },
        };
        using var stop = new CancellationTokenSource();
        var dispatching = dispatcher.RunAsync(stop.Token);
        var running = runner.RunAsync(stop.Token);
        await live.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var price = await x.Client.GetPriceAsync("BTCUSDT", CancellationToken.None);

        var receipt = await new SignalDispatcher([dispatcher]).SubmitAsync(
            new Signal("spot-1", "A", "BTCUSDT", SignalAction.Buy, 0.5m, x.Clock.GetUtcNow(), Quantity: 0.001m, TakeProfitPct: 0.05m, StopLossPct: 0.02m, Venue: SpotTradeSynchronizer.DefaultVenue, Account: SpotSyncFixture.Account),
            CancellationToken.None);

        Assert.True(receipt.Decision.Accepted, receipt.Decision.Reason);
        await Wait.UntilAsync(() => lines.Contains("does not take conditional orders"), "the spot TP/SL log line");
        var position = Assert.Single(await x.Log!.StrategyPositionsAsync(new StrategyPositionQuery(), CancellationToken.None));
        Assert.Equal(receipt.ClientOrderId, position.StrategyPositionId);
        Assert.Equal(StrategyPositionStatus.Open, position.Status);
        Assert.NotNull(position.TakeProfitPrice);
        Assert.NotNull(position.StopLossPrice);
        Assert.True(position.TakeProfitPrice > price && position.StopLossPrice < price);
        Assert.Single(await x.Log!.ReadIntentsAsync(null, null, null, CancellationToken.None));

        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => running);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => dispatching);
    }

    private sealed class RecordingLogger : ILogger
    {
        private readonly Lock _lock = new();
        private readonly List<string> _lines = [];

        public bool Contains(string text)
        {
            lock (_lock)
            {
                return _lines.Any(l => l.Contains(text, StringComparison.Ordinal));
            }
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (_lock)
            {
                _lines.Add(formatter(state, exception));
            }
        }
    }
}
