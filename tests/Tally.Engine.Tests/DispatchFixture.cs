using System.Diagnostics.Metrics;
using Microsoft.Extensions.Time.Testing;
using Tally.Core;
using Tally.Core.Attribution;
using Tally.Core.Signals;
using Tally.Engine.Dispatch;
using Tally.Engine.Service;
using Tally.PaperExchange;
using Tally.Storage;

namespace Tally.Engine.Tests;

/// <summary>
/// The whole signal path in process: a paper exchange whose BTCUSDT stays at a fixed price until the test moves it
/// (<c>/admin/price</c>), a real SQLite fill log, an <see cref="AccountRunner"/> following the account's stream and
/// an <see cref="AccountDispatcher"/> behind a <see cref="SignalDispatcher"/> wired to it as <c>tally run</c> does.
/// </summary>
internal sealed class DispatchFixture : IAsyncDisposable
{
    public const string Symbol = "BTCUSDT";

    private CancellationTokenSource _stop = new();
    private bool _runningAccount;
    private readonly HttpClient _admin;
    private readonly MeterListener _listener = new();
    private readonly Lock _counts = new();
    private readonly Dictionary<string, long> _measured = [];
    private Task _running = Task.CompletedTask;
    private Task _dispatching = Task.CompletedTask;
    private TaskCompletionSource _live = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private DispatchFixture(SyncFixture exchange, SignalSettings settings)
    {
        Exchange = exchange;
        Settings = settings;
        _admin = new HttpClient { BaseAddress = exchange.Host.BaseAddress };
        Metrics = new DispatchMetrics();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter == Metrics.Meter)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var name = instrument.Name;
            foreach (var tag in tags)
            {
                name += $"|{tag.Key}={tag.Value}";
            }

            lock (_counts)
            {
                _measured[name] = _measured.GetValueOrDefault(name) + value;
            }
        });
        _listener.Start();
    }

    public SyncFixture Exchange { get; }

    public SignalSettings Settings { get; }

    public DispatchMetrics Metrics { get; }

    public AccountDispatcher Dispatcher { get; private set; } = null!;

    /// <summary>The gate the dispatcher asks (the risk monitor's in the risk tests); set before <see cref="RunAsync"/>.</summary>
    public IRiskGate? Gate { get; set; }

    /// <summary>Told the strategy positions whose TP/SL the venue does not hold (the dispatcher's <see cref="AccountDispatcher.LevelsNotHeld"/>); set before <see cref="RunAsync"/>.</summary>
    public Action<string>? LevelsNotHeld { get; set; }

    /// <summary>Also told of every committed ingest report (the risk monitor in the risk tests).</summary>
    public Action<IngestReport>? Ingested { get; set; }

    public ISignalIntake Intake { get; private set; } = null!;

    public FillLog Log => Exchange.Log!;

    public TimeProvider Clock => Exchange.Clock;

    /// <summary>Starts the exchange (BTCUSDT at <paramref name="price"/>, minimum notional 5) and, unless told not to, the account.</summary>
    public static async Task<DispatchFixture> StartAsync(PositionMode mode, SignalSettings? settings = null, decimal price = 45_000m, bool run = true)
    {
        var btc = PaperSymbol.Defaults.Single(s => s.Symbol == Symbol) with { StartPrice = price, MaxTicksPerStep = 0, MinNotional = 5m };
        var exchange = await SyncFixture.StartAsync(o =>
        {
            o.Symbols = [btc];
            o.PositionMode = mode;
        });
        var fixture = new DispatchFixture(exchange, (settings ?? new SignalSettings()) with { Mode = mode });
        if (run)
        {
            await fixture.RunAsync();
        }

        return fixture;
    }

    /// <summary>Runs the account (again, after <see cref="StopAsync"/>): the dispatcher recovers, the runner goes live.</summary>
    public async Task RunAsync()
    {
        if (_stop.IsCancellationRequested)
        {
            _stop.Dispose();
            _stop = new CancellationTokenSource();
        }

        _runningAccount = true;
        _live = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Dispatcher = new AccountDispatcher(
            TradeSyncOptions.DefaultVenue,
            SyncFixture.Account,
            new BinanceFuturesOrderVenue(Exchange.Client),
            new FillLogDispatchStore(Log),
            new DispatchOptions { Settings = Settings, Instance = "test" },
            Clock,
            Metrics,
            Gate)
        {
            LevelsNotHeld = LevelsNotHeld,
        };
        Intake = new SignalDispatcher([Dispatcher]);
        var runner = new AccountRunner(
            Exchange.Client,
            Log,
            new AccountRunOptions
            {
                Account = SyncFixture.Account,
                Symbols = [Symbol],
                StartTime = SyncFixture.Start - TimeSpan.FromDays(1),
                StreamBase = Exchange.StreamBase,
            },
            new FakeTimeProvider(SyncFixture.Start))
        {
            SilentCheckInterval = Timeout.InfiniteTimeSpan,
            KeepAliveInterval = Timeout.InfiniteTimeSpan,
            ReconnectDelay = TimeSpan.Zero,
            FillIngested = r =>
            {
                Dispatcher.Enqueue(r);
                Ingested?.Invoke(r);
            },
            BackfillIngested = r =>
            {
                Dispatcher.Enqueue(r);
                Ingested?.Invoke(r);
            },
            StateChanged = state =>
            {
                if (state == AccountState.Live)
                {
                    Dispatcher.Reconcile();
                    _live.TrySetResult();
                }
            },
        };
        _dispatching = Dispatcher.RunAsync(_stop.Token);
        _running = runner.RunAsync(_stop.Token);
        await _live.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>Stops the runner and the dispatcher, as a stopped process would.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        foreach (var task in new[] { _running, _dispatching })
        {
            try
            {
                await task;
            }
            catch (OperationCanceledException)
            {
                // Stopped on purpose.
            }
        }

        Dispatcher.Dispose();
        _runningAccount = false;
    }

    public Signal Signal(string id, string strategy, SignalAction action, decimal confidence, decimal? quantity = null, decimal? takeProfit = null, decimal? stopLoss = null, decimal? sizeFraction = null) =>
        new(id, strategy, Symbol, action, confidence, Clock.GetUtcNow(), quantity, sizeFraction, TakeProfit: takeProfit, StopLoss: stopLoss, Venue: TradeSyncOptions.DefaultVenue, Account: SyncFixture.Account);

    public Task<SignalReceipt> SubmitAsync(Signal signal) => Intake.SubmitAsync(signal, CancellationToken.None);

    /// <summary>Moves BTCUSDT's price through the paper exchange's admin endpoint (its conditional orders are checked at once).</summary>
    public async Task MovePriceAsync(decimal price)
    {
        using var response = await _admin.PostAsync(new Uri($"admin/price?symbol={Symbol}&price={price.ToString(System.Globalization.CultureInfo.InvariantCulture)}", UriKind.Relative), null);
        response.EnsureSuccessStatusCode();
    }

    public Task<IReadOnlyList<StrategyPosition>> PositionsAsync() => Log.StrategyPositionsAsync(new StrategyPositionQuery(), CancellationToken.None);

    public async Task<StrategyPosition?> PositionAsync(string id) => (await PositionsAsync()).SingleOrDefault(p => p.StrategyPositionId == id);

    public int OpenAlgoOrders => Exchange.Host.Venue.OpenAlgoOrders(Symbol).Count;

    /// <summary>Waits (polling, with a deadline) until <paramref name="condition"/> holds; fails at once if the account died.</summary>
    public async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await Wait.UntilAsync(
            async _ =>
            {
                if (_running.IsFaulted || _dispatching.IsFaulted)
                {
                    await Task.WhenAll(_running, _dispatching);
                }

                return await condition();
            },
            what,
            deadline.Token);
    }

    /// <summary>Waits until the position exists and its TP/SL orders stand on the venue (<paramref name="algoOrders"/> open in all).</summary>
    public Task UntilProtectedAsync(string positionId, int algoOrders) =>
        UntilAsync(async () => await PositionAsync(positionId) is not null && OpenAlgoOrders == algoOrders, $"{positionId} open with {algoOrders} conditional orders on the venue");

    public Task UntilClosedAsync(string positionId) =>
        UntilAsync(async () => await PositionAsync(positionId) is { Status: StrategyPositionStatus.Closed }, $"{positionId} closed");

    /// <summary>A counter's total so far, e.g. <c>tradeengine_strategy_positions_closed_total|close_reason=take_profit</c>.</summary>
    public long Measured(string name)
    {
        lock (_counts)
        {
            return _measured.GetValueOrDefault(name);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_runningAccount)
        {
            await StopAsync();
        }

        _listener.Dispose();
        Metrics.Dispose();
        _stop.Dispose();
        _admin.Dispose();
        await Exchange.DisposeAsync();
    }
}
