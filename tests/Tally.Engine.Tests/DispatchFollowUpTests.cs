using Microsoft.Extensions.Time.Testing;
using Tally.Core;
using Tally.Core.Attribution;
using Tally.Core.Signals;
using Tally.Engine.Dispatch;
using Tally.Storage;
using Tally.TestSupport;

namespace Tally.Engine.Tests;

/// <summary>
/// What the dispatcher does when a send does not settle (DESIGN.md §4): a take-profit/stop-loss the venue refuses goes
/// to the risk monitor, transient failures and lost replies are followed up on the injected clock without holding the
/// account's turn, and one intent never becomes two orders. A scripted venue and an in-memory store, no network.
/// </summary>
public sealed class DispatchFollowUpTests : IAsyncDisposable
{
    private const string Venue = "binance-usdm";
    private const string Account = "main";
    private const string Symbol = "BTCUSDT";
    private static readonly DateTimeOffset Start = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

    private readonly FakeTimeProvider _clock = new(Start);
    private readonly ScriptedVenue _venue = new();
    private readonly MemoryStore _store = new();
    private readonly List<string> _handedOver = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly DispatchMetrics _metrics = new();
    private AccountDispatcher? _dispatcher;
    private Task _running = Task.CompletedTask;

    [Fact]
    public async Task A_take_profit_refused_as_would_immediately_trigger_is_handed_to_the_risk_monitor_once_and_not_sent_again()
    {
        _store.Positions.Add(Position("t-test-1", 0.002m, takeProfit: 44_000m, stopLoss: null));
        _venue.Script = (_, _) => new VenueAnswer.Refused(-2021, "Order would immediately trigger.");

        var dispatcher = Run();
        await Wait.UntilAsync(() => HandedOver.Count == 1, "the position handed over");

        // Another pass over the positions (as after a back-fill) neither sends it again nor hands it over twice.
        var steps = dispatcher.Steps;
        dispatcher.Reconcile();
        await Wait.UntilAsync(() => dispatcher.Steps > steps, "the reconcile pass");
        Assert.Equal(["t-test-1"], HandedOver);
        Assert.Equal(1, _venue.Sends);
        Assert.Equal(0, dispatcher.FollowUpsWaiting);
        var tp = Assert.Single(_store.Intents);
        Assert.Equal(OrderIntentStatus.Rejected, tp.Status);
        Assert.Equal("Order would immediately trigger.", tp.Detail);
    }

    [Fact]
    public async Task A_stop_refused_after_its_take_profit_was_placed_cancels_the_take_profit_so_only_the_risk_monitor_exits()
    {
        _store.Positions.Add(Position("t-test-1", 0.002m, takeProfit: 48_000m, stopLoss: 46_000m));
        _venue.Script = (intent, _) => intent.Kind == OrderIntentKind.StopMarket ? new VenueAnswer.Refused(-2021, "Order would immediately trigger.") : null;

        Run();
        await Wait.UntilAsync(() => HandedOver.Count == 1, "the position handed over");

        Assert.Equal(["t-test-1"], HandedOver);
        Assert.Empty(_venue.Orders);
        Assert.Equal(OrderIntentStatus.Canceled, _store.Intents.Single(i => i.Kind == OrderIntentKind.TakeProfitMarket).Status);
        Assert.Equal(OrderIntentStatus.Rejected, _store.Intents.Single(i => i.Kind == OrderIntentKind.StopMarket).Status);
    }

    [Fact]
    public async Task A_take_profit_answered_503_twice_is_looked_up_and_sent_again_and_stands_once_on_the_venue()
    {
        _store.Positions.Add(Position("t-test-1", 0.002m, takeProfit: 48_000m, stopLoss: null));
        _venue.Script = (_, send) => send <= 2 ? new VenueAnswer.Unknown("Binance 503: Service Unavailable.") : null;

        var dispatcher = Run();
        await NextFollowUpAsync(dispatcher, sends: 1);
        await NextFollowUpAsync(dispatcher, sends: 2);

        await Wait.UntilAsync(() => _store.Intents.Single().Status == OrderIntentStatus.Sent, "the take-profit sent");
        Assert.Equal(3, _venue.Sends);
        Assert.Equal(2, _venue.Lookups);
        Assert.Single(_venue.Orders);
        Assert.Empty(HandedOver);
        Assert.Equal(0, dispatcher.FollowUpsWaiting);
    }

    [Fact]
    public async Task A_take_profit_that_keeps_failing_is_handed_over_after_the_configured_attempts()
    {
        _store.Positions.Add(Position("t-test-1", 0.002m, takeProfit: 48_000m, stopLoss: null));
        _venue.Script = (_, _) => new VenueAnswer.Unknown("Binance 503: Service Unavailable.");

        var dispatcher = Run(new DispatchOptions { Instance = "test", ProtectionAttempts = 3 });
        while (true)
        {
            await Wait.UntilAsync(() => dispatcher.FollowUpsWaiting == 1 || HandedOver.Count > 0, "a follow-up or the hand-over");
            if (HandedOver.Count > 0)
            {
                break;
            }

            _clock.Advance(TimeSpan.FromMinutes(1));
        }

        Assert.Equal(["t-test-1"], HandedOver);
        Assert.Equal(3, _venue.Sends);
        Assert.Empty(_venue.Orders);
        var tp = Assert.Single(_store.Intents);
        Assert.Equal(OrderIntentStatus.Rejected, tp.Status);
        Assert.StartsWith("not placed after 3 attempt(s)", tp.Detail, StringComparison.Ordinal);
        Assert.Equal(0, dispatcher.FollowUpsWaiting);
    }

    [Fact]
    public async Task An_exit_whose_send_throws_is_sent_again_after_the_backoff_as_one_order_while_signals_go_on()
    {
        _store.Positions.Add(Position("t-test-1", 0.002m, takeProfit: null, stopLoss: null));
        _venue.Script = (intent, send) => intent.Purpose is OrderPurpose.ExitPosition && send == 1 ? throw new HttpRequestException("connection reset") : null;

        var dispatcher = Run();
        var exit = await dispatcher.ExitPositionAsync("t-test-1", CloseReason.Manual, CancellationToken.None);
        Assert.NotNull(exit);
        Assert.Equal(OrderIntentStatus.Pending, _store.Find(exit).Status);
        Assert.Equal(1, dispatcher.FollowUpsWaiting);

        // The backoff does not hold the account: a signal is decided and sent meanwhile, and a second exit is not made.
        var entry = await dispatcher.SubmitAsync(new Signal("s-1", "B", Symbol, SignalAction.Buy, 0.5m, Start, Quantity: 0.001m, Venue: Venue, Account: Account), CancellationToken.None);
        Assert.True(entry.Decision.Accepted, entry.Decision.Reason);
        Assert.Equal(OrderIntentStatus.Sent, _store.Find(entry.ClientOrderId!).Status);
        Assert.Null(await dispatcher.ExitPositionAsync("t-test-1", CloseReason.Manual, CancellationToken.None));

        _clock.Advance(TimeSpan.FromMinutes(1));
        await Wait.UntilAsync(() => _store.Find(exit).Status == OrderIntentStatus.Sent, "the exit sent");
        Assert.Equal(1, _venue.Orders.Count(o => o.Key == exit));
        Assert.Equal(2, _venue.SendsOf(exit));
        Assert.Equal(1, _venue.Lookups);
        Assert.Equal(0, dispatcher.FollowUpsWaiting);
    }

    [Fact]
    public async Task A_close_signals_exit_answered_503_is_followed_up_and_sent_once()
    {
        _store.Positions.Add(Position("t-test-1", 0.002m, takeProfit: null, stopLoss: null));
        _venue.Script = (intent, send) => intent.Purpose is OrderPurpose.ExitPosition && send == 1 ? new VenueAnswer.Unknown("Binance 503: Service Unavailable.") : null;

        var dispatcher = Run();
        var close = await dispatcher.SubmitAsync(new Signal("c-1", "A", Symbol, SignalAction.Close, 0.5m, Start, Venue: Venue, Account: Account), CancellationToken.None);
        Assert.True(close.Decision.Accepted, close.Decision.Reason);
        var exit = close.ClientOrderId!;
        Assert.Equal(OrderIntentStatus.Pending, _store.Find(exit).Status);

        await NextFollowUpAsync(dispatcher, sends: 1);
        await Wait.UntilAsync(() => _store.Find(exit).Status == OrderIntentStatus.Sent, "the close signal's exit sent");
        Assert.Equal(2, _venue.SendsOf(exit));
        Assert.Single(_venue.Orders);
        Assert.Equal(0.002m, _store.Find(exit).Quantity);
    }

    [Fact]
    public async Task An_exit_whose_reply_is_lost_is_looked_up_found_and_not_sent_again()
    {
        _store.Positions.Add(Position("t-test-1", 0.002m, takeProfit: null, stopLoss: null));
        _venue.Script = (intent, send) =>
        {
            if (send > 1)
            {
                return null;
            }

            _venue.Accept(intent);
            return new VenueAnswer.Unknown("Binance no answer: The request was canceled due to the configured HttpClient.Timeout");
        };

        var dispatcher = Run();
        var exit = (await dispatcher.ExitPositionAsync("t-test-1", CloseReason.Manual, CancellationToken.None))!;
        Assert.Equal(1, dispatcher.FollowUpsWaiting);
        _clock.Advance(TimeSpan.FromMinutes(1));

        await Wait.UntilAsync(() => _store.Find(exit).Status == OrderIntentStatus.Sent, "the exit found on the venue");
        Assert.Equal(1, _venue.SendsOf(exit));
        Assert.Equal(1, _venue.Lookups);
        Assert.Single(_venue.Orders);
        Assert.Equal("found on the venue by its client order id", _store.Find(exit).Detail);
    }

    [Fact]
    public async Task An_exit_not_on_the_venue_whose_position_closed_meanwhile_is_cancelled_and_not_sent_again()
    {
        _store.Positions.Add(Position("t-test-1", 0.002m, takeProfit: null, stopLoss: null));
        _venue.Script = (_, send) => send == 1 ? new VenueAnswer.Unknown("Binance 502: Bad Gateway") : null;

        var dispatcher = Run();
        var exit = (await dispatcher.ExitPositionAsync("t-test-1", CloseReason.Manual, CancellationToken.None))!;
        _store.Positions.Clear();
        _clock.Advance(TimeSpan.FromMinutes(1));

        await Wait.UntilAsync(() => _store.Find(exit).Status == OrderIntentStatus.Canceled, "the exit cancelled");
        Assert.Equal(1, _venue.Sends);
        Assert.Empty(_venue.Orders);
    }

    [Fact]
    public async Task At_start_an_open_position_whose_take_profit_stands_rejected_is_handed_to_the_risk_monitor_again()
    {
        var position = Position("t-test-1", 0.002m, takeProfit: 44_000m, stopLoss: null);
        _store.Positions.Add(position);
        _store.Intents.Add(new OrderIntent(
            Venue, Account, "t-test-2", Symbol, "A", new OrderPurpose.ExitPosition("t-test-1", CloseReason.TakeProfit), OrderIntentKind.TakeProfitMarket,
            Side.Sell, PositionSide.Long, 0.002m, 44_000m, ReduceOnly: false, SignalId: null, Start, OrderIntentStatus.Rejected, Detail: "Order would immediately trigger."));

        Run();

        await Wait.UntilAsync(() => HandedOver.Count == 1, "the position handed over at start");
        Assert.Equal(["t-test-1"], HandedOver);
        Assert.Equal(0, _venue.Sends);
    }

    [Fact]
    public async Task An_exit_sends_the_open_quantity_rounded_down_to_the_venues_step_and_nothing_when_all_of_it_is_below_the_step()
    {
        // 0.0029 with a 0.001 step (a spot buy that paid its fee in the base asset leaves such remainders): 0.002 goes,
        // 0.0009 stays as dust no order can carry.
        _store.Positions.Add(Position("t-test-1", 0.0029m, takeProfit: null, stopLoss: null));
        _store.Positions.Add(Position("t-test-2", 0.0009m, takeProfit: null, stopLoss: null));
        var dispatcher = Run();

        var sent = await dispatcher.ExitPositionAsync("t-test-1", CloseReason.TrailingStop, CancellationToken.None);
        var dust = await dispatcher.ExitPositionAsync("t-test-2", CloseReason.TrailingStop, CancellationToken.None);

        Assert.NotNull(sent);
        Assert.Null(dust);
        var exit = Assert.Single(_store.Intents);
        Assert.Equal(sent, exit.ClientOrderId);
        Assert.Equal(0.002m, exit.Quantity);
        Assert.Equal(1, _venue.Sends);
    }

    private List<string> HandedOver
    {
        get
        {
            lock (_handedOver)
            {
                return [.. _handedOver];
            }
        }
    }

    private AccountDispatcher Run(DispatchOptions? options = null)
    {
        _dispatcher = new AccountDispatcher(Venue, Account, _venue, _store, options ?? new DispatchOptions { Instance = "test" }, _clock, _metrics)
        {
            LevelsNotHeld = id =>
            {
                lock (_handedOver)
                {
                    _handedOver.Add(id);
                }
            },
        };
        _running = _dispatcher.RunAsync(_stop.Token);
        return _dispatcher;
    }

    /// <summary>Waits until send number <paramref name="sends"/> failed and its follow-up is scheduled, then lets the follow-up's time pass.</summary>
    private async Task NextFollowUpAsync(AccountDispatcher dispatcher, int sends)
    {
        await Wait.UntilAsync(() => _venue.Sends == sends && dispatcher.FollowUpsWaiting == 1, $"send {sends} and its follow-up scheduled");
        _clock.Advance(TimeSpan.FromMinutes(1));
    }

    private static StrategyPosition Position(string id, decimal quantity, decimal? takeProfit, decimal? stopLoss) => new(
        id, "A", Venue, Account, Symbol, PositionSide.Long, PositionDirection.Long, quantity, 45_000m, Start, takeProfit, stopLoss,
        StrategyPositionStatus.Open, quantity, null, null, null, 0m, 0m, [], [], null, "BTCUSDT_LONG", 1, 1,
        Instrument.Create(Symbol, InstrumentKind.Linear, "BTC", "USDT"), quantity * 45_000m);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _running;
        }
        catch (OperationCanceledException)
        {
            // Stopped on purpose.
        }

        _dispatcher?.Dispose();
        _metrics.Dispose();
        _stop.Dispose();
    }

    /// <summary>
    /// A venue whose answer to each send a test scripts (null: take it); it keeps what it took by client order id and
    /// answers lookups from that, as Binance does.
    /// </summary>
    private sealed class ScriptedVenue : IOrderVenue
    {
        private readonly Lock _lock = new();
        private readonly Dictionary<string, VenueAnswer.Known> _orders = [];
        private readonly Dictionary<string, int> _sends = [];
        private int _lookups;

        /// <summary>The answer to send number n (1-based) of an intent; null takes the order.</summary>
        public Func<OrderIntent, int, VenueAnswer?> Script { get; set; } = (_, _) => null;

        public bool SupportsConditionalOrders => true;

        public TimeSpan? ResendSafeAfter => TimeSpan.FromSeconds(7);

        public int Sends
        {
            get
            {
                lock (_lock)
                {
                    return _sends.Values.Sum();
                }
            }
        }

        public int Lookups => Volatile.Read(ref _lookups);

        public IReadOnlyList<KeyValuePair<string, VenueAnswer.Known>> Orders
        {
            get
            {
                lock (_lock)
                {
                    return [.. _orders];
                }
            }
        }

        public int SendsOf(string clientOrderId)
        {
            lock (_lock)
            {
                return _sends.GetValueOrDefault(clientOrderId);
            }
        }

        public void Accept(OrderIntent intent)
        {
            lock (_lock)
            {
                _orders[intent.ClientOrderId] = new VenueAnswer.Known(
                    $"v-{_orders.Count + 1}",
                    intent.Kind is OrderIntentKind.Market ? OrderIntentStatus.Filled : OrderIntentStatus.Sent);
            }
        }

        public Task<PositionMode> PositionModeAsync(CancellationToken cancellationToken) => Task.FromResult(PositionMode.Hedge);

        public Task<VenueSymbol?> SymbolAsync(string symbol, CancellationToken cancellationToken) =>
            Task.FromResult<VenueSymbol?>(new VenueSymbol(symbol, "USDT", 0.10m, 0.001m, 0.001m, 5m));

        public Task<decimal> PriceAsync(string symbol, CancellationToken cancellationToken) => Task.FromResult(45_000m);

        public Task<decimal> AvailableBalanceAsync(string asset, CancellationToken cancellationToken) => Task.FromResult(10_000m);

        public Task<decimal> LeverageAsync(string symbol, CancellationToken cancellationToken) => Task.FromResult(1m);

        public Task<VenueAnswer> PlaceAsync(OrderIntent intent, CancellationToken cancellationToken)
        {
            int send;
            lock (_lock)
            {
                send = _sends[intent.ClientOrderId] = _sends.GetValueOrDefault(intent.ClientOrderId) + 1;
            }

            if (Script(intent, send) is { } scripted)
            {
                return Task.FromResult(scripted);
            }

            Accept(intent);
            lock (_lock)
            {
                return Task.FromResult<VenueAnswer>(_orders[intent.ClientOrderId]);
            }
        }

        public Task<VenueAnswer> FindAsync(OrderIntent intent, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _lookups);
            lock (_lock)
            {
                return Task.FromResult<VenueAnswer>(_orders.TryGetValue(intent.ClientOrderId, out var known) ? known : new VenueAnswer.NotFound());
            }
        }

        public Task<bool> CancelAsync(OrderIntent intent, CancellationToken cancellationToken)
        {
            lock (_lock)
            {
                return Task.FromResult(_orders.Remove(intent.ClientOrderId));
            }
        }
    }

    /// <summary>The dispatcher's store in memory: intents and signals as written, strategy positions as the test sets them.</summary>
    private sealed class MemoryStore : IDispatchStore
    {
        private readonly List<StoredSignal> _signals = [];

        public SynchronizedList<OrderIntent> Intents { get; } = new();

        public SynchronizedList<StrategyPosition> Positions { get; } = new();

        public OrderIntent Find(string clientOrderId) => Intents.Single(i => i.ClientOrderId == clientOrderId);

        public Task<StoredSignal> RecordSignalAsync(StoredSignal signal, IReadOnlyList<OrderIntent> intents, CancellationToken cancellationToken)
        {
            lock (_signals)
            {
                if (_signals.FirstOrDefault(s => s.Signal.SignalId == signal.Signal.SignalId) is { } first)
                {
                    return Task.FromResult(first);
                }

                _signals.Add(signal);
            }

            foreach (var intent in intents)
            {
                Intents.Add(intent);
            }

            return Task.FromResult(signal);
        }

        public Task SaveIntentAsync(OrderIntent intent, CancellationToken cancellationToken)
        {
            Intents.Add(intent);
            return Task.CompletedTask;
        }

        public Task UpdateIntentAsync(string venue, string account, string clientOrderId, OrderIntentStatus status, string? venueOrderId, string? detail, CancellationToken cancellationToken)
        {
            Intents.Update(i => i.ClientOrderId == clientOrderId, i => i with { Status = status, VenueOrderId = venueOrderId ?? i.VenueOrderId, Detail = detail ?? i.Detail });
            return Task.CompletedTask;
        }

        public Task<OrderIntent?> FindIntentAsync(string venue, string account, string clientOrderId, CancellationToken cancellationToken) =>
            Task.FromResult(Intents.FirstOrDefault(i => i.ClientOrderId == clientOrderId));

        public Task<IReadOnlyList<OrderIntent>> ReadIntentsAsync(string venue, string account, IReadOnlyCollection<OrderIntentStatus>? statuses, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<OrderIntent>>([.. Intents.Where(i => statuses is null || statuses.Contains(i.Status))]);

        public Task<StoredSignal?> FindSignalAsync(string venue, string account, string signalId, CancellationToken cancellationToken)
        {
            lock (_signals)
            {
                return Task.FromResult(_signals.FirstOrDefault(s => s.Signal.SignalId == signalId));
            }
        }

        public Task<IReadOnlyList<StoredSignal>> ReadSignalsAsync(string venue, string account, string symbol, DateTimeOffset since, CancellationToken cancellationToken)
        {
            lock (_signals)
            {
                return Task.FromResult<IReadOnlyList<StoredSignal>>([.. _signals.Where(s => s.Signal.Symbol == symbol && s.ReceivedAt >= since)]);
            }
        }

        public Task<IReadOnlyList<StrategyPosition>> StrategyPositionsAsync(string venue, string account, string? symbol, bool openOnly, CancellationToken cancellationToken) =>
            Task.FromResult<IReadOnlyList<StrategyPosition>>([.. Positions.Where(p => (symbol is null || p.Symbol == symbol) && (!openOnly || p.Status != StrategyPositionStatus.Closed))]);
    }

    /// <summary>A list the test thread and the dispatcher's task share.</summary>
    private sealed class SynchronizedList<T> : IEnumerable<T>
    {
        private readonly Lock _lock = new();
        private readonly List<T> _items = [];

        public void Add(T item)
        {
            lock (_lock)
            {
                _items.Add(item);
            }
        }

        public void Clear()
        {
            lock (_lock)
            {
                _items.Clear();
            }
        }

        public void Update(Func<T, bool> which, Func<T, T> change)
        {
            lock (_lock)
            {
                for (var i = 0; i < _items.Count; i++)
                {
                    if (which(_items[i]))
                    {
                        _items[i] = change(_items[i]);
                    }
                }
            }
        }

        public IEnumerator<T> GetEnumerator()
        {
            lock (_lock)
            {
                return _items.ToList().GetEnumerator();
            }
        }

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
    }
}
