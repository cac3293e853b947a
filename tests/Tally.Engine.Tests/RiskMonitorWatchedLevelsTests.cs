using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Tally.Core;
using Tally.Core.Attribution;
using Tally.Core.Risk;
using Tally.Engine.Dispatch;
using Tally.Engine.Risk;
using Tally.Exchanges.Binance.Market;
using Tally.Storage;

namespace Tally.Engine.Tests;

/// <summary>
/// The live monitor over spot and USD-M accounts on fakes (a scripted market feed, venues that record orders, a SQLite
/// fill log, <see cref="FakeTimeProvider"/>): spot positions' TP/SL watched on their own market, USD-M levels the venue
/// refused watched after <see cref="RiskMonitorService.WatchLevels"/> or found in the store at start, back-filled
/// candles reaching the rules, and a failed exit tried again with backoff.
/// </summary>
public sealed class RiskMonitorWatchedLevelsTests
{
    private const string Spot = "binance-spot";
    private const string Futures = "binance-futures";
    private const string Account = "main";
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 0, 3, 0, TimeSpan.Zero);

    // As tally run starts: levels not watched on ticks (the venue holds them); trailing stops wide so they stay out of the way.
    private static readonly RiskMonitorOptions Options = new()
    {
        Settings = new RiskSettings { WatchTakeProfitStopLoss = false, TrailingDistanceRegular = 0.5m, TrailingDistanceMajor = 0.5m },
        SpotAccounts = [(Spot, Account)],
    };

    [Fact]
    public async Task A_spot_positions_take_profit_and_stop_loss_are_watched_on_its_spot_market_and_exit_through_the_dispatcher_with_those_reasons()
    {
        await using var rig = await Rig.StartAsync(Options);
        await rig.EnterAsync(Spot, "A", "SOLUSDT", 100m, takeProfit: 103m, stopLoss: 98m);
        await rig.EnterAsync(Spot, "B", "SOLUSDT", 100m, takeProfit: 110m, stopLoss: 99m);
        await rig.UntilTrackedAsync("A", "B");
        await Wait.UntilAsync(() => rig.Feed.Markets.Contains("spot:SOLUSDT") && !rig.Feed.Markets.Contains("SOLUSDT"), "the feed watches the spot market");

        // The USD-M market of the same symbol passes both levels: not the spot positions' market.
        await rig.TickAsync("SOLUSDT", 111m);
        await rig.TickAsync("SOLUSDT", 90m);
        await rig.TickAsync("spot:SOLUSDT", 103m);
        await rig.UntilExitAsync(rig.SpotVenue, "A", CloseReason.TakeProfit);
        await rig.TickAsync("spot:SOLUSDT", 98.9m);
        await rig.UntilExitAsync(rig.SpotVenue, "B", CloseReason.StopLoss);

        Assert.Equal(2, rig.SpotVenue.Placed.Count(i => i.Kind == OrderIntentKind.Market && i.Side == Side.Sell));
        var events = await rig.Log.ReadRiskEventsAsync(0, CancellationToken.None);
        Assert.Contains(events, e => e.Type == nameof(RiskEventType.ForceExitRequired) && e.StrategyPositionId == "A" && e.Reason == "take_profit" && e.Venue == Spot);
        Assert.Contains(events, e => e.Type == nameof(RiskEventType.ForceExitRequired) && e.StrategyPositionId == "B" && e.Reason == "stop_loss" && e.Venue == Spot);
    }

    [Fact]
    public async Task A_usdm_position_whose_take_profit_the_venue_refused_is_watched_once_the_dispatcher_says_so()
    {
        await using var rig = await Rig.StartAsync(Options);
        await rig.EnterAsync(Futures, "F", "SOLUSDT", 100m, takeProfit: 103m, stopLoss: 95m);
        await rig.UntilTrackedAsync("F");

        // Not watched: the venue is taken to hold the level.
        await rig.TickAsync("SOLUSDT", 103.5m);
        Assert.DoesNotContain(rig.FuturesVenue.Placed, i => i.Kind == OrderIntentKind.Market);

        rig.Service.WatchLevels(Futures, Account, "F");
        rig.Service.WatchLevels(Futures, Account, "F");
        await rig.UntilExitAsync(rig.FuturesVenue, "F", CloseReason.TakeProfit); // 103.5 already passed 103: at once
        Assert.Single(rig.FuturesVenue.Placed, i => i.Kind == OrderIntentKind.Market);
    }

    [Fact]
    public async Task A_restart_watches_the_open_positions_whose_latest_take_profit_or_stop_loss_intent_stands_rejected()
    {
        await using var rig = await Rig.StartAsync(Options, start: false);
        await rig.EnterAsync(Futures, "F", "SOLUSDT", 100m, takeProfit: 103m, stopLoss: 95m);
        await rig.EnterAsync(Futures, "G", "SOLUSDT", 100m, takeProfit: 103m, stopLoss: 95m);
        await rig.EnterAsync(Futures, "H", "SOLUSDT", 100m, takeProfit: 103m, stopLoss: 95m);
        await rig.LevelIntentAsync("F", "tp-f", OrderIntentKind.TakeProfitMarket, OrderIntentStatus.Rejected, at: 0);
        await rig.LevelIntentAsync("G", "tp-g", OrderIntentKind.TakeProfitMarket, OrderIntentStatus.Sent, at: 0);
        await rig.LevelIntentAsync("H", "tp-h1", OrderIntentKind.TakeProfitMarket, OrderIntentStatus.Rejected, at: 0);
        await rig.LevelIntentAsync("H", "tp-h2", OrderIntentKind.TakeProfitMarket, OrderIntentStatus.Sent, at: 1); // retried and held

        await rig.StartServiceAsync();
        await rig.UntilTrackedAsync("F", "G", "H");
        await rig.TickAsync("SOLUSDT", 103m);
        await rig.UntilExitAsync(rig.FuturesVenue, "F", CloseReason.TakeProfit);
        var steps = rig.Service.Steps;
        await rig.TickAsync("SOLUSDT", 103.1m);
        await Wait.UntilAsync(() => rig.Service.Steps > steps, "the next tick is worked through");
        Assert.Single(rig.FuturesVenue.Placed, i => i.Kind == OrderIntentKind.Market);
    }

    [Fact]
    public async Task Back_filled_candles_from_the_feed_reach_the_monitor_and_its_dump_detector_sees_them()
    {
        await using var rig = await Rig.StartAsync(Options with { Settings = Options.Settings with { TrailingDistanceRegular = 0.05m } });
        await rig.EnterAsync(Futures, "F", "SOLUSDT", 100m, takeProfit: null, stopLoss: null);
        await rig.UntilTrackedAsync("F");

        // 00:00–00:02 taken by sellers (pressure), fetched after a gap; the tick at 00:03 breaks momentum (99.4 < 99.5).
        for (var minute = 0; minute < 3; minute++)
        {
            var open = T0.AddMinutes(minute - 3).ToUnixTimeMilliseconds();
            var bar = new BinanceKline("SOLUSDT", "1m", open, open + 59_999, 100m, 100m, 100m, 100m, 10m, 1000m, 5, 0m, 0m);
            rig.Feed.Push(RiskMarketEvents.From(new BinanceMarketEvent.Kline(open + 70_000, bar, IsClosed: true, 1, 5, IsBackFilled: true), s => s)!);
        }

        await rig.TickAsync("SOLUSDT", 99.4m);
        await rig.UntilExitAsync(rig.FuturesVenue, "F", CloseReason.Dump);
    }

    [Fact]
    public void Only_back_filled_closed_klines_become_candles_for_the_monitor()
    {
        var bar = new BinanceKline("BTCUSDT", "1m", 0, 59_999, 10m, 12m, 9m, 11m, 5m, 55m, 3, 2m, 22m);
        var live = new BinanceMarketEvent.Kline(60_000, bar, IsClosed: true, 1, 3, IsBackFilled: false);
        var filled = RiskMarketEvents.From(live with { IsBackFilled = true }, RiskMarkets.Spot);

        Assert.Null(RiskMarketEvents.From(live, RiskMarkets.Spot));
        var candle = Assert.IsType<RiskMarketEvent.BackFilled>(filled);
        Assert.Equal(("spot:BTCUSDT", new Candle(DateTimeOffset.UnixEpoch, 10m, 12m, 9m, 11m, 2m, 3m)), (candle.Market, candle.Candle));
    }

    [Fact]
    public async Task An_exit_whose_dispatcher_call_threw_is_tried_again_with_doubling_waits_until_it_is_sent()
    {
        await using var rig = await Rig.StartAsync(Options with { ExitRetryDelay = TimeSpan.FromSeconds(1), ExitRetryMaxDelay = TimeSpan.FromSeconds(8) });
        await rig.EnterAsync(Spot, "A", "SOLUSDT", 100m, takeProfit: 103m, stopLoss: 98m);
        await rig.UntilTrackedAsync("A");

        rig.Store.Failing = true;
        await rig.TickAsync("spot:SOLUSDT", 103m);
        await Wait.UntilAsync(() => rig.Logs.Count(l => l.Contains("trying again in 00:00:01", StringComparison.Ordinal)) == 1, "the first failure, retry in 1 s");
        rig.Clock.Advance(TimeSpan.FromSeconds(1));
        await Wait.UntilAsync(() => rig.Logs.Count(l => l.Contains("trying again in 00:00:02", StringComparison.Ordinal)) == 1, "the second failure, retry in 2 s");

        rig.Store.Failing = false;
        var calls = rig.Store.Calls;
        rig.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(calls, rig.Store.Calls); // nothing before its 2 s
        Assert.DoesNotContain(rig.SpotVenue.Placed, i => i.Kind == OrderIntentKind.Market);
        rig.Clock.Advance(TimeSpan.FromSeconds(1));
        await rig.UntilExitAsync(rig.SpotVenue, "A", CloseReason.TakeProfit);
    }

    [Fact]
    public async Task Spot_equity_is_cash_plus_holdings_at_market_with_the_open_positions_unrealized_pnl_not_counted_twice()
    {
        await using var rig = await Rig.StartAsync(Options);

        // The buy of 1 SOL at 100, seen in the balances (as soon as, or before, its report): 9,900 + 1 × 100.
        rig.Wallet.Set(cash: 9_900m, held: 1m);
        await rig.EnterAsync(Spot, "A", "SOLUSDT", 100m, takeProfit: null, stopLoss: null);
        await rig.UntilTrackedAsync("A");
        await rig.UntilEquityAsync(10_000m, "at 100");

        await rig.TickAsync("spot:SOLUSDT", 110m);
        rig.Wallet.Set(price: 110m);
        await rig.UntilEquityAsync(10_010m, "at 110"); // 9,900 + 110, not 9,900 + 110 + 10

        rig.Wallet.Set(cash: 9_901m); // a transfer of 1 USDT
        await rig.UntilEquityAsync(10_011m, "after the transfer");

        await rig.TickAsync("spot:SOLUSDT", 120m);
        rig.Wallet.Set(price: 120m);
        await rig.UntilEquityAsync(10_021m, "at 120"); // 9,901 + 120
    }

    /// <summary>The service with a spot and a USD-M account on fakes.</summary>
    private sealed class Rig : IAsyncDisposable
    {
        private readonly string _path = Path.Combine(Path.GetTempPath(), $"tally-monitor-{Guid.NewGuid():N}.db");
        private readonly CancellationTokenSource _stop = new();
        private readonly List<AccountDispatcher> _dispatchers = [];
        private readonly DispatchMetrics _metrics = new();
        private RiskMonitorOptions _options = null!;
        private int _trade;
        private RiskMonitorService? _service;

        public FakeTimeProvider Clock { get; } = new(T0);

        public FillLog Log { get; private set; } = null!;

        public FlakyStore Store { get; private set; } = null!;

        public ScriptedFeed Feed { get; } = new();

        public ScriptedWallet Wallet { get; } = new(10_000m);

        public RecordingVenue SpotVenue { get; } = new(conditional: false);

        public RecordingVenue FuturesVenue { get; } = new(conditional: true);

        public RiskMonitorService Service => _service ?? throw new InvalidOperationException("the service is not started");

        public List<string> Logs => [.. Logger.Lines];

        private ListLogger Logger { get; } = new();

        public static async Task<Rig> StartAsync(RiskMonitorOptions options, bool start = true)
        {
            var rig = new Rig { _options = options };
            rig.Log = await FillLog.OpenAsync(await FillStores.OpenAsync($"sqlite:{rig._path}", CancellationToken.None), rig.Clock, CancellationToken.None);
            await rig.Log.DefineInstrumentsAsync([new InstrumentDefinition(Spot, Instrument.Create("SOLUSDT", InstrumentKind.Spot, "SOL", "USDT"))], CancellationToken.None);
            rig.Store = new FlakyStore(new FillLogDispatchStore(rig.Log));
            if (start)
            {
                await rig.StartServiceAsync();
            }

            return rig;
        }

        public async Task StartServiceAsync()
        {
            _dispatchers.Add(new AccountDispatcher(Spot, Account, SpotVenue, Store, new DispatchOptions(), Clock, _metrics));
            _dispatchers.Add(new AccountDispatcher(Futures, Account, FuturesVenue, new FillLogDispatchStore(Log), new DispatchOptions(), Clock, _metrics));
            _service = new RiskMonitorService(Log, _dispatchers, Feed, Wallet, _options, Clock, new MonitorRiskGate(), Logger);
            await _service.StartAsync(_stop.Token);
            await _service.Ready.WaitAsync(TimeSpan.FromSeconds(30));
        }

        /// <summary>An entry intent and its fill: a long of 1 at <paramref name="price"/> (handed to the monitor when it runs).</summary>
        public async Task EnterAsync(string venue, string id, string symbol, decimal price, decimal? takeProfit, decimal? stopLoss)
        {
            const PositionSide side = PositionSide.Both;
            var now = Clock.GetUtcNow();
            await Log.SaveIntentAsync(
                new OrderIntent(venue, Account, id, symbol, "s1", new OrderPurpose.Entry("s1", id, takeProfit, stopLoss), OrderIntentKind.Market, Side.Buy, side, 1m, null, false, null, now, OrderIntentStatus.Sent),
                CancellationToken.None);
            var report = await Log.IngestAsync(
                [new IncomingFill(new Fill(venue, Account, symbol, Side.Buy, side, 1m, price, 0m, null, $"t{++_trade}", now, OrderId: $"o{_trade}", ClientOrderId: id))],
                CancellationToken.None);
            Assert.NotEmpty(report.Attribution);
            _service?.Enqueue(report);
        }

        /// <summary>A TP or SL conditional-order intent of strategy position <paramref name="id"/> with that status.</summary>
        public async Task LevelIntentAsync(string id, string clientOrderId, OrderIntentKind kind, OrderIntentStatus status, int at)
        {
            var reason = kind == OrderIntentKind.TakeProfitMarket ? CloseReason.TakeProfit : CloseReason.StopLoss;
            await Log.SaveIntentAsync(
                new OrderIntent(Futures, Account, clientOrderId, "SOLUSDT", "s1", new OrderPurpose.ExitPosition(id, reason), kind, Side.Sell, PositionSide.Both, 1m, 103m, true, null, T0.AddSeconds(at), status),
                CancellationToken.None);
        }

        public Task UntilTrackedAsync(params string[] ids) =>
            Wait.UntilAsync(() => Service.Status?.Positions.Select(p => p.StrategyPositionId).ToHashSet() is { } tracked && ids.All(tracked.Contains), "the monitor tracks " + string.Join(',', ids));

        /// <summary>A tick, waited for until the monitor has worked it through.</summary>
        public async Task TickAsync(string market, decimal price)
        {
            var steps = Service.Steps;
            Feed.Push(new RiskMarketEvent.Tick(new RiskTick(default, market, price)));
            await Wait.UntilAsync(() => Service.Steps > steps, $"the tick {market} {price}");
        }

        /// <summary>Lets evaluations (every 10 s) and wallet reads (every 30 s) happen until the last evaluation's equity is <paramref name="equity"/>.</summary>
        public async Task UntilEquityAsync(decimal equity, string what)
        {
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (Service.Status?.Evaluation?.Equity != equity)
            {
                Assert.True(DateTime.UtcNow < deadline, $"equity {equity} {what}; last {Service.Status?.Evaluation?.Equity}");
                var steps = Service.Steps;
                Clock.Advance(TimeSpan.FromSeconds(10));
                await Wait.UntilAsync(() => Service.Steps > steps, "the evaluation");
            }
        }

        public Task UntilExitAsync(RecordingVenue venue, string id, CloseReason reason) =>
            Wait.UntilAsync(
                () => venue.Placed.Any(i => i.Kind == OrderIntentKind.Market && i.Purpose is OrderPurpose.ExitPosition e && e.StrategyPositionId == id && e.Reason == reason),
                $"a market exit of {id} ({reason}) on the venue");

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            if (_service is not null)
            {
                await _service.StopAsync(CancellationToken.None);
                _service.Dispose();
            }

            foreach (var dispatcher in _dispatchers)
            {
                dispatcher.Dispose();
            }

            _metrics.Dispose();
            await Log.DisposeAsync();
            _stop.Dispose();
            File.Delete(_path);
        }
    }

    /// <summary>Market events pushed by the test; <see cref="Markets"/> is the set last asked for.</summary>
    private sealed class ScriptedFeed : IRiskMarketFeed
    {
        private readonly Channel<RiskMarketEvent> _events = Channel.CreateUnbounded<RiskMarketEvent>();
        private volatile string[] _markets = [];

        public IReadOnlyCollection<string> Markets => _markets;

        public void Push(RiskMarketEvent e) => _events.Writer.TryWrite(e);

        public IAsyncEnumerable<RiskMarketEvent> ReadAsync(IReadOnlyCollection<string> markets, CancellationToken cancellationToken)
        {
            _markets = [.. markets];
            return _events.Reader.ReadAllAsync(cancellationToken);
        }
    }

    /// <summary>A venue that takes market orders and, when <c>conditional</c>, refuses take-profit / stop orders.</summary>
    private sealed class RecordingVenue(bool conditional) : IOrderVenue
    {
        private readonly Lock _lock = new();
        private readonly List<OrderIntent> _placed = [];

        public bool SupportsConditionalOrders => conditional;

        public IReadOnlyList<OrderIntent> Placed
        {
            get
            {
                lock (_lock)
                {
                    return [.. _placed];
                }
            }
        }

        public Task<PositionMode> PositionModeAsync(CancellationToken cancellationToken) => Task.FromResult(PositionMode.OneWay);

        public Task<VenueSymbol?> SymbolAsync(string symbol, CancellationToken cancellationToken) =>
            Task.FromResult<VenueSymbol?>(new VenueSymbol(symbol, "USDT", 0.01m, 0.001m, 0.001m, 5m));

        public Task<decimal> PriceAsync(string symbol, CancellationToken cancellationToken) => Task.FromResult(100m);

        public Task<decimal> AvailableBalanceAsync(string asset, CancellationToken cancellationToken) => Task.FromResult(10_000m);

        public Task<decimal> LeverageAsync(string symbol, CancellationToken cancellationToken) => Task.FromResult(1m);

        public Task<VenueAnswer> PlaceAsync(OrderIntent intent, CancellationToken cancellationToken)
        {
            if (intent.Kind is OrderIntentKind.TakeProfitMarket or OrderIntentKind.StopMarket)
            {
                return Task.FromResult<VenueAnswer>(new VenueAnswer.Refused(-4130, "refused by the test venue"));
            }

            lock (_lock)
            {
                _placed.Add(intent);
                return Task.FromResult<VenueAnswer>(new VenueAnswer.Known($"v{_placed.Count}", OrderIntentStatus.Sent));
            }
        }

        public Task<VenueAnswer> FindAsync(OrderIntent intent, CancellationToken cancellationToken) => Task.FromResult<VenueAnswer>(new VenueAnswer.NotFound());

        public Task<bool> CancelAsync(OrderIntent intent, CancellationToken cancellationToken) => Task.FromResult(true);
    }

    /// <summary>The real dispatch store, except that reading strategy positions throws while <see cref="Failing"/> (a store outage).</summary>
    private sealed class FlakyStore(IDispatchStore inner) : IDispatchStore
    {
        private int _calls;

        public volatile bool Failing;

        public int Calls => Volatile.Read(ref _calls);

        public Task<IReadOnlyList<StrategyPosition>> StrategyPositionsAsync(string venue, string account, string? symbol, bool openOnly, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            return Failing ? throw new IOException("the store is down") : inner.StrategyPositionsAsync(venue, account, symbol, openOnly, cancellationToken);
        }

        public Task<StoredSignal> RecordSignalAsync(StoredSignal signal, IReadOnlyList<OrderIntent> intents, CancellationToken cancellationToken) => inner.RecordSignalAsync(signal, intents, cancellationToken);

        public Task SaveIntentAsync(OrderIntent intent, CancellationToken cancellationToken) => inner.SaveIntentAsync(intent, cancellationToken);

        public Task UpdateIntentAsync(string venue, string account, string clientOrderId, OrderIntentStatus status, string? venueOrderId, string? detail, CancellationToken cancellationToken) =>
            inner.UpdateIntentAsync(venue, account, clientOrderId, status, venueOrderId, detail, cancellationToken);

        public Task<OrderIntent?> FindIntentAsync(string venue, string account, string clientOrderId, CancellationToken cancellationToken) => inner.FindIntentAsync(venue, account, clientOrderId, cancellationToken);

        public Task<IReadOnlyList<OrderIntent>> ReadIntentsAsync(string venue, string account, IReadOnlyCollection<OrderIntentStatus>? statuses, CancellationToken cancellationToken) =>
            inner.ReadIntentsAsync(venue, account, statuses, cancellationToken);

        public Task<StoredSignal?> FindSignalAsync(string venue, string account, string signalId, CancellationToken cancellationToken) => inner.FindSignalAsync(venue, account, signalId, cancellationToken);

        public Task<IReadOnlyList<StoredSignal>> ReadSignalsAsync(string venue, string account, string symbol, DateTimeOffset since, CancellationToken cancellationToken) =>
            inner.ReadSignalsAsync(venue, account, symbol, since, cancellationToken);
    }

    /// <summary>One spot account's reading as <see cref="BinanceSpotWallet"/> takes it: cash plus the SOL held at the test's price.</summary>
    private sealed class ScriptedWallet(decimal cash) : IRiskWallet
    {
        private readonly Lock _lock = new();
        private decimal _cash = cash, _held, _price = 100m;

        public void Set(decimal? cash = null, decimal? held = null, decimal? price = null)
        {
            lock (_lock)
            {
                _cash = cash ?? _cash;
                _held = held ?? _held;
                _price = price ?? _price;
            }
        }

        public Task<decimal> WalletAsync(CancellationToken cancellationToken)
        {
            lock (_lock)
            {
                return Task.FromResult(_cash + (_held * _price));
            }
        }
    }

    private sealed class ListLogger : ILogger
    {
        private readonly Lock _lock = new();
        private readonly List<string> _lines = [];

        public IReadOnlyList<string> Lines
        {
            get
            {
                lock (_lock)
                {
                    return [.. _lines];
                }
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
