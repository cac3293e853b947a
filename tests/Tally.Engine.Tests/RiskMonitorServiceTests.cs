using Tally.Core;
using Tally.Core.Attribution;
using Tally.Core.Risk;
using Tally.Core.Signals;
using Tally.Engine.Risk;
using Tally.Exchanges.Binance.Market;
using Tally.Storage;

namespace Tally.Engine.Tests;

/// <summary>
/// The live risk monitor end to end on the in-process paper exchange: its market streams (mark prices every second
/// on the system clock) feed the monitor, <c>/admin/price</c> scripts the path, exits are real reduce-only market
/// orders through the dispatcher, and the strategy positions close with the monitor's reasons.
/// </summary>
public sealed class RiskMonitorServiceTests
{
    private static readonly RiskMonitorOptions Fast = new()
    {
        Settings = new RiskSettings { EvaluationInterval = TimeSpan.FromMilliseconds(500), ScalpingStrategies = new HashSet<string>(StringComparer.Ordinal) { "scalp" }, ScalpingMaxHold = TimeSpan.FromMinutes(30) },
        TimerInterval = TimeSpan.FromMilliseconds(100),
        RequestPollInterval = TimeSpan.FromMilliseconds(100),
        WalletInterval = TimeSpan.FromSeconds(1),
    };

    [Fact]
    public async Task A_trailing_stop_and_a_hold_time_exit_are_real_orders_that_close_the_strategy_positions_with_those_reasons_and_are_journalled()
    {
        await using var x = await DispatchFixture.StartAsync(PositionMode.OneWay, run: false);
        await using var monitor = await Monitor.StartAsync(x, Fast);

        var entry = await x.SubmitAsync(x.Signal("s1", "trend", SignalAction.Buy, 0.9m, quantity: 0.01m));
        Assert.True(entry.Decision.Accepted, entry.Decision.Reason);
        await x.UntilAsync(async () => await x.PositionAsync(entry.ClientOrderId!) is { Status: StrategyPositionStatus.Open }, "the trend position opens");
        await x.UntilAsync(() => Task.FromResult(monitor.Service.Status?.Positions.Any(p => p.StrategyPositionId == entry.ClientOrderId) == true), "the monitor tracks it");

        // Highest 46,000 → the major's 0.3 % stop sits at 45,862; 45,800 is below it.
        await x.MovePriceAsync(46_000m);
        await x.UntilAsync(() => Task.FromResult(monitor.Service.Status?.Positions.SingleOrDefault(p => p.StrategyPositionId == entry.ClientOrderId)?.Stop == 45_862m), "the stop ratchets to 45,862");
        await x.MovePriceAsync(45_800m);
        await x.UntilAsync(async () => await x.PositionAsync(entry.ClientOrderId!) is { Status: StrategyPositionStatus.Closed }, "the trailing stop closes it");
        var closed = await x.PositionAsync(entry.ClientOrderId!);
        Assert.Equal(CloseReason.TrailingStop, closed!.CloseReason);

        // A scalping position entered at the fixture's clock (long before the monitor's "now") is past its 30 minutes at once.
        var scalp = await x.SubmitAsync(x.Signal("s2", "scalp", SignalAction.Buy, 0.9m, quantity: 0.01m));
        Assert.True(scalp.Decision.Accepted, scalp.Decision.Reason);
        await x.UntilAsync(async () => await x.PositionAsync(scalp.ClientOrderId!) is { Status: StrategyPositionStatus.Closed }, "the hold time closes the scalp");
        Assert.Equal(CloseReason.HoldTime, (await x.PositionAsync(scalp.ClientOrderId!))!.CloseReason);

        var intents = await x.Log.ReadIntentsAsync(null, null, null, CancellationToken.None);
        Assert.Contains(intents, i => i.Kind == OrderIntentKind.Market && i.Purpose is OrderPurpose.ExitPosition { Reason: CloseReason.TrailingStop } e && e.StrategyPositionId == entry.ClientOrderId);
        Assert.Contains(intents, i => i.Kind == OrderIntentKind.Market && i.Purpose is OrderPurpose.ExitPosition { Reason: CloseReason.HoldTime } e && e.StrategyPositionId == scalp.ClientOrderId);

        await x.UntilAsync(async () => (await x.Log.ReadRiskEventsAsync(0, CancellationToken.None)).Any(e => e.Type == nameof(RiskEventType.PositionClosed) && e.StrategyPositionId == scalp.ClientOrderId), "the closes are journalled");
        var events = await x.Log.ReadRiskEventsAsync(0, CancellationToken.None);
        Assert.Contains(events, e => e.Type == nameof(RiskEventType.ForceExitRequired) && e.Reason == "trailing_stop" && e.StrategyPositionId == entry.ClientOrderId && e.Venue == TradeSyncOptions.DefaultVenue);
        Assert.Contains(events, e => e.Type == nameof(RiskEventType.MaxHoldTimeExceeded) && e.StrategyPositionId == scalp.ClientOrderId);
        Assert.Contains(events, e => e.Type == nameof(RiskEventType.PositionOpened) && e.StrategyPositionId == entry.ClientOrderId);
    }

    [Fact]
    public async Task A_wallet_down_four_and_a_half_percent_fires_breaker_level_2_which_closes_every_position_through_real_orders()
    {
        await using var x = await DispatchFixture.StartAsync(PositionMode.OneWay, run: false);
        var wallet = new FixedWallet(10_000m);
        var wide = Fast with { Settings = Fast.Settings with { TrailingDistanceMajor = 0.5m } };
        await using var monitor = await Monitor.StartAsync(x, wide, wallet);

        var entry = await x.SubmitAsync(x.Signal("b1", "trend", SignalAction.Buy, 0.9m, quantity: 0.01m));
        Assert.True(entry.Decision.Accepted, entry.Decision.Reason);
        await x.UntilAsync(() => Task.FromResult(monitor.Service.Status?.Positions.Any(p => p.StrategyPositionId == entry.ClientOrderId) == true), "the monitor tracks it");

        // Day start 10,000; the wallet read drops to 9,550: drawdown 4.5 % ≥ 4 % → close all (level 2), no halt.
        wallet.Value = 9_550m;
        await x.UntilAsync(async () => await x.PositionAsync(entry.ClientOrderId!) is { Status: StrategyPositionStatus.Closed }, "the breaker closes it");
        Assert.Equal(CloseReason.CircuitBreaker, (await x.PositionAsync(entry.ClientOrderId!))!.CloseReason);
        var events = await x.Log.ReadRiskEventsAsync(0, CancellationToken.None);
        Assert.Contains(events, e => e.Type == nameof(RiskEventType.CircuitBreakerTriggered));
        var state = RiskStateJson.Read((await x.Log.ReadRiskStateAsync(RiskMonitorOptions.StateName, CancellationToken.None))!.State);
        Assert.Equal(BreakerLevel.CloseAll, state.Breaker.FiredToday);
        Assert.False(state.Breaker.Halted);
    }

    [Fact]
    public async Task A_restart_with_an_active_halt_stays_halted_and_refuses_entries_until_the_reset_request()
    {
        await using var x = await DispatchFixture.StartAsync(PositionMode.OneWay, run: false);
        var now = DateTimeOffset.UtcNow;
        var halted = RiskMonitorState.Start(now, 10_000m) is var start
            ? start with { Breaker = start.Breaker with { FiredToday = BreakerLevel.Halt, Halted = true, HaltedAt = now } }
            : throw new InvalidOperationException();
        await x.Log.JournalRiskAsync([], new StoredRiskState(RiskMonitorOptions.StateName, RiskStateJson.Write(halted), null, now), CancellationToken.None);

        await using var monitor = await Monitor.StartAsync(x, Fast);
        Assert.Equal(RiskGate.StopAllTrading, monitor.Gate.Value);
        var refused = await x.SubmitAsync(x.Signal("h1", "trend", SignalAction.Buy, 0.9m, quantity: 0.01m));
        Assert.False(refused.Decision.Accepted);

        // What tally risk reset writes: the cleared state, its audit row and the request for the running monitor.
        var cleared = halted with { Breaker = halted.Breaker.Reset() };
        await x.Log.SaveRiskStateAsync(
            new StoredRiskState(RiskMonitorOptions.StateName, RiskStateJson.Write(cleared), null, DateTimeOffset.UtcNow),
            new AuditEntry(0, DateTimeOffset.UtcNow, "risk_reset", RiskMonitorOptions.StateName, null, null, "test"),
            new RiskRequest(0, DateTimeOffset.UtcNow, RiskRequestKinds.Reset, null, null, null),
            CancellationToken.None);
        // The gate opens first, then the request is marked done: wait for both.
        await x.UntilAsync(
            async () => monitor.Gate.Value == RiskGate.Open && (await x.Log.ReadRiskRequestsAsync(pendingOnly: true, CancellationToken.None)).Count == 0,
            "the running monitor re-opens and completes the reset request");
        var accepted = await x.SubmitAsync(x.Signal("h2", "trend", SignalAction.Buy, 0.9m, quantity: 0.01m));
        Assert.True(accepted.Decision.Accepted, accepted.Decision.Reason);
        Assert.False(RiskStateJson.Read((await x.Log.ReadRiskStateAsync(RiskMonitorOptions.StateName, CancellationToken.None))!.State).Breaker.Halted);
    }

    [Fact]
    public async Task The_operators_stop_entries_switch_closes_the_gate_survives_a_restart_and_only_start_reopens_it()
    {
        await using var x = await DispatchFixture.StartAsync(PositionMode.OneWay, run: false);
        var actions = new OperatorActions(x.Log, TimeProvider.System);
        async Task UntilDone() => await x.UntilAsync(async () => (await x.Log.ReadRiskRequestsAsync(pendingOnly: true, CancellationToken.None)).Count == 0, "the monitor completes the request");

        await using (var monitor = await Monitor.StartAsync(x, Fast))
        {
            Assert.Equal(RiskGate.Open, monitor.Gate.Value);
            Assert.IsType<OperatorOutcome.Requested>(await actions.StopEntriesAsync("telegram 42", CancellationToken.None));
            await x.UntilAsync(() => Task.FromResult(monitor.Gate.Value == RiskGate.StopNewEntries), "the gate stops new entries");
            await UntilDone();
            var refused = await x.SubmitAsync(x.Signal("o1", "trend", SignalAction.Buy, 0.9m, quantity: 0.01m));
            Assert.False(refused.Decision.Accepted);
            Assert.IsType<OperatorOutcome.Unchanged>(await actions.StopEntriesAsync("telegram 42", CancellationToken.None));
        }

        await x.StopAsync();
        Assert.Equal(RiskGate.StopNewEntries, await actions.SwitchAsync(CancellationToken.None));
        Assert.Contains(await x.Log.ReadAuditAsync(CancellationToken.None), a => a.Kind == "operator_switch" && a.Reason == "telegram 42");
        await using (var restarted = await Monitor.StartAsync(x, Fast))
        {
            Assert.Equal(RiskGate.StopNewEntries, restarted.Gate.Value);
            Assert.IsType<OperatorOutcome.Requested>(await actions.StopAsync("telegram 42", CancellationToken.None));
            await x.UntilAsync(() => Task.FromResult(restarted.Gate.Value == RiskGate.StopAllTrading), "stop closes the gate for all trading");
            Assert.IsType<OperatorOutcome.Requested>(await actions.StartAsync("telegram 42", CancellationToken.None));
            await x.UntilAsync(() => Task.FromResult(restarted.Gate.Value == RiskGate.Open), "start reopens it");
            await UntilDone();
            var accepted = await x.SubmitAsync(x.Signal("o2", "trend", SignalAction.Buy, 0.9m, quantity: 0.01m));
            Assert.True(accepted.Decision.Accepted, accepted.Decision.Reason);
        }
    }

    /// <summary>A running <see cref="RiskMonitorService"/> wired to the fixture's account as <c>tally run</c> wires it.</summary>
    private sealed class Monitor : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();

        private Monitor(RiskMonitorService service, MonitorRiskGate gate)
        {
            Service = service;
            Gate = gate;
        }

        public RiskMonitorService Service { get; }

        public MonitorRiskGate Gate { get; }

        public static async Task<Monitor> StartAsync(DispatchFixture x, RiskMonitorOptions options, IRiskWallet? wallet = null)
        {
            var gate = new MonitorRiskGate();
            x.Gate = gate;
            RiskMonitorService? service = null;
            x.Ingested = r => service?.Enqueue(r);
            await x.RunAsync();
            service = new RiskMonitorService(
                x.Log,
                [x.Dispatcher],
                new BinanceRiskMarketFeed(x.Exchange.Client, new Uri($"ws://{x.Exchange.Host.BaseAddress.Authority}/market/"), TimeProvider.System),
                wallet ?? new FixedWallet(10_000m),
                options with { Symbols = [DispatchFixture.Symbol] },
                TimeProvider.System,
                gate);
            var monitor = new Monitor(service, gate);
            await service.StartAsync(monitor._stop.Token);
            await service.Ready.WaitAsync(TimeSpan.FromSeconds(30));
            return monitor;
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await Service.StopAsync(CancellationToken.None);
            Service.Dispose();
            _stop.Dispose();
        }
    }

    private sealed class FixedWallet(decimal wallet) : IRiskWallet
    {
        private readonly Lock _gate = new();
        private decimal _value = wallet;

        public decimal Value
        {
            get
            {
                lock (_gate)
                {
                    return _value;
                }
            }

            set
            {
                lock (_gate)
                {
                    _value = value;
                }
            }
        }

        public Task<decimal> WalletAsync(CancellationToken cancellationToken) => Task.FromResult(Value);
    }
}
