using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tally.Core;
using Tally.Core.Attribution;
using Tally.Core.Signals;
using Tally.Storage;

namespace Tally.Engine.Dispatch;

/// <summary>
/// One account's dispatcher (DESIGN.md §4): decides signals, sizes them, commits each order's intent before it is
/// sent, sends it, and keeps every open strategy position's take-profit and stop-loss on the venue as conditional
/// orders for exactly its open quantity (the sibling cancelled when one triggers). Everything it does for the
/// account is serialized: one signal or one ingest report at a time.
/// </summary>
/// <remarks>
/// Start (<see cref="RunAsync"/>, or the first signal): pending intents are looked up on the venue by client order
/// id (found → sent, not found → cancelled with a note; never resent silently), then every open strategy position
/// gets the TP/SL orders it lacks. Ingest reports (<see cref="Enqueue"/>, from the account runner's stream fills)
/// and <see cref="Reconcile"/> (after a back-fill) are worked through in order by <see cref="RunAsync"/>.
/// </remarks>
public sealed class AccountDispatcher : IDisposable
{
    private static readonly OrderIntentStatus[] Pending = [OrderIntentStatus.Pending];
    private static readonly OrderIntentStatus[] Protecting = [OrderIntentStatus.Pending, OrderIntentStatus.Sent, OrderIntentStatus.Rejected];
    private static readonly OrderIntentStatus[] Failed = [OrderIntentStatus.Rejected, OrderIntentStatus.Canceled, OrderIntentStatus.Expired];

    private readonly IOrderVenue _orders;
    private readonly IDispatchStore _store;
    private readonly DispatchOptions _options;
    private readonly IRiskGate _gate;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly DispatchMetrics _metrics;
    private readonly SemaphoreSlim _turn = new(1, 1);
    private readonly Channel<IngestReport?> _work = Channel.CreateUnbounded<IngestReport?>(new UnboundedChannelOptions { SingleReader = true });
    private ClientOrderIds? _ids;
    private SignalSettings _settings;

    public AccountDispatcher(
        string venue,
        string account,
        IOrderVenue orders,
        IDispatchStore store,
        DispatchOptions options,
        TimeProvider time,
        DispatchMetrics metrics,
        IRiskGate? gate = null,
        ILogger? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(venue);
        ArgumentException.ThrowIfNullOrWhiteSpace(account);
        ArgumentNullException.ThrowIfNull(orders);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(metrics);
        options.Validate();
        Venue = venue;
        Account = account;
        _orders = orders;
        _store = store;
        _options = options;
        _settings = options.Settings;
        _time = time;
        _metrics = metrics;
        _gate = gate ?? OpenRiskGate.Instance;
        _logger = logger ?? NullLogger.Instance;
    }

    public string Venue { get; }

    /// <summary>Pause before trying the start (recovery) again after it failed.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(10);

    public string Account { get; }

    /// <summary>
    /// Told the id of an open strategy position whose take-profit or stop-loss the venue does not hold: it refused the
    /// conditional order for good (after retries where retrying makes sense), and again at each start for every open
    /// position whose TP/SL intent stands rejected. The risk monitor then watches the levels on every tick
    /// (DESIGN.md §4). Called inside the account's turn: it must not block (enqueue and return); it may be called
    /// more than once for one position.
    /// </summary>
    public Action<string>? LevelsNotHeld { get; init; }

    /// <summary>The settings decisions use (the position mode as the venue reported it at start).</summary>
    public SignalSettings Settings => _settings;

    /// <summary>Ingest reports and reconciliations worked through so far (for tests and health).</summary>
    public long Steps => Interlocked.Read(ref _steps);

    private long _steps;

    /// <summary>Hands a committed ingest report over (non-blocking; safe from the follower's task).</summary>
    public void Enqueue(IngestReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        _work.Writer.TryWrite(report);
    }

    /// <summary>Asks for a pass over every open strategy position's TP/SL (after a back-fill, which reports no fills one by one).</summary>
    public void Reconcile() => _work.Writer.TryWrite(null);

    /// <summary>Starts (recovery) and then works through ingest reports until cancelled.</summary>
    /// <exception cref="OperationCanceledException">On cancellation, the normal end.</exception>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                await InTurnAsync(_ => Task.CompletedTask, cancellationToken);
                break;
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // The venue or the store is not reachable yet: recovery must run before anything else, so try again.
                DispatchLog.StepFailed(_logger, Venue, Account, e);
                await Task.Delay(RetryDelay, _time, cancellationToken);
            }
        }

        await foreach (var report in _work.Reader.ReadAllAsync(cancellationToken))
        {
            try
            {
                await InTurnAsync(ct => report is null ? ReconcileAllAsync(ct) : HandleAsync(report, ct), cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                DispatchLog.StepFailed(_logger, Venue, Account, e);
            }

            Interlocked.Increment(ref _steps);
        }
    }

    /// <summary>Decides a signal of this account and, when accepted, commits and sends its order(s).</summary>
    public Task<SignalReceipt> SubmitAsync(Signal signal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(signal);
        if (signal.Venue != Venue || signal.Account != Account)
        {
            throw new ArgumentException($"The signal is for {signal.Venue}/{signal.Account}, this dispatcher runs {Venue}/{Account}.", nameof(signal));
        }

        return InTurnAsync(ct => DecideAsync(signal, ct), cancellationToken);
    }

    /// <summary>
    /// Closes all of one open strategy position with a reduce-only market order whose purpose is
    /// ExitPosition(<paramref name="strategyPositionId"/>, <paramref name="reason"/>) (the risk monitor's exits, a force
    /// close): the intent is committed first, then sent. Returns the intent's client order id, or null when the
    /// position is not open or a market exit of it is already pending or sent (never two).
    /// </summary>
    public Task<string?> ExitPositionAsync(string strategyPositionId, CloseReason reason, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(strategyPositionId);
        return InTurnAsync(
            async ct =>
            {
                var open = await _store.StrategyPositionsAsync(Venue, Account, symbol: null, openOnly: true, ct);
                if (open.FirstOrDefault(p => p.StrategyPositionId == strategyPositionId) is not { OpenQuantity: > 0m } position)
                {
                    return null;
                }

                var live = await _store.ReadIntentsAsync(Venue, Account, [OrderIntentStatus.Pending, OrderIntentStatus.Sent], ct);
                if (live.Any(i => i.Kind == OrderIntentKind.Market && i.Purpose is OrderPurpose.ExitPosition exit && exit.StrategyPositionId == strategyPositionId))
                {
                    return null;
                }

                var intent = Exit(position, reason, null, _time.GetUtcNow());
                await _store.SaveIntentAsync(intent, ct);
                await SendAsync(intent, ct);
                return (string?)intent.ClientOrderId;
            },
            cancellationToken);
    }

    private async Task InTurnAsync(Func<CancellationToken, Task> step, CancellationToken cancellationToken) =>
        await InTurnAsync(async ct =>
        {
            await step(ct);
            return true;
        }, cancellationToken);

    private async Task<T> InTurnAsync<T>(Func<CancellationToken, Task<T>> step, CancellationToken cancellationToken)
    {
        await _turn.WaitAsync(cancellationToken);
        try
        {
            if (_ids is null)
            {
                await StartAsync(cancellationToken);
            }

            return await step(cancellationToken);
        }
        finally
        {
            _turn.Release();
        }
    }

    private async Task StartAsync(CancellationToken cancellationToken)
    {
        var mode = await _orders.PositionModeAsync(cancellationToken);
        if (mode != _options.Settings.Mode)
        {
            DispatchLog.ModeMismatch(_logger, Venue, Account, mode.ToWireName(), _options.Settings.Mode.ToWireName());
        }

        _settings = _options.Settings with { Mode = mode };
        var intents = await _store.ReadIntentsAsync(Venue, Account, null, cancellationToken);
        _ids = new ClientOrderIds(_options.Instance, intents.Select(i => i.ClientOrderId));
        foreach (var pending in await _store.ReadIntentsAsync(Venue, Account, Pending, cancellationToken))
        {
            await RecoverAsync(pending, cancellationToken);
        }

        await ReconcileAllAsync(cancellationToken);
    }

    /// <summary>A pending intent after a restart: it may or may not have reached the venue. Look, never resend.</summary>
    private async Task RecoverAsync(OrderIntent intent, CancellationToken cancellationToken)
    {
        switch (await _orders.FindAsync(intent, cancellationToken))
        {
            case VenueAnswer.Known known:
                await _store.UpdateIntentAsync(Venue, Account, intent.ClientOrderId, known.Status, known.VenueOrderId, "found on the venue after a restart", cancellationToken);
                DispatchLog.Recovered(_logger, Venue, Account, intent.ClientOrderId, intent.Kind, intent.Symbol, $"on the venue ({known.Status})");
                break;
            case VenueAnswer.NotFound:
                await _store.UpdateIntentAsync(Venue, Account, intent.ClientOrderId, OrderIntentStatus.Canceled, null, "not found on the venue after a restart; not resent", cancellationToken);
                DispatchLog.Recovered(_logger, Venue, Account, intent.ClientOrderId, intent.Kind, intent.Symbol, "not on the venue: cancelled, not resent");
                break;
            case VenueAnswer.Unknown unknown:
                DispatchLog.Recovered(_logger, Venue, Account, intent.ClientOrderId, intent.Kind, intent.Symbol, $"still unknown ({unknown.Message}); left pending");
                break;
            case VenueAnswer.Refused refused:
                DispatchLog.Recovered(_logger, Venue, Account, intent.ClientOrderId, intent.Kind, intent.Symbol, $"unanswerable ({refused.Message}); left pending");
                break;
        }
    }

    private async Task<SignalReceipt> DecideAsync(Signal signal, CancellationToken cancellationToken)
    {
        if (await _store.FindSignalAsync(Venue, Account, signal.SignalId, cancellationToken) is { } first)
        {
            return Receipt(first, repeated: true);
        }

        var now = _time.GetUtcNow();
        var positions = await _store.StrategyPositionsAsync(Venue, Account, signal.Symbol, openOnly: false, cancellationToken);
        var byId = positions.ToDictionary(p => p.StrategyPositionId, StringComparer.Ordinal);
        var open = positions.Where(p => p.Status != StrategyPositionStatus.Closed).ToList();

        // Active: accepted buy/sell younger than the window whose strategy position is not closed (or whose entry failed).
        var active = new List<Signal>();
        var inFlight = new List<Signal>();
        foreach (var stored in await _store.ReadSignalsAsync(Venue, Account, signal.Symbol, now - _settings.SignalWindow, cancellationToken))
        {
            if (!stored.Decision.Accepted || stored.Signal.Action == SignalAction.Close || stored.EntryClientOrderId is not { } entry)
            {
                continue;
            }

            var closed = false;
            if (byId.TryGetValue(entry, out var position))
            {
                closed = position.Status == StrategyPositionStatus.Closed;
            }
            else if (await _store.FindIntentAsync(Venue, Account, entry, cancellationToken) is { } intent && Failed.Contains(intent.Status))
            {
                closed = true;
            }
            else
            {
                inFlight.Add(stored.Signal);
            }

            if (SignalRules.IsActive(stored.Signal, closed, now, _settings))
            {
                active.Add(stored.Signal);
            }
        }

        var direction = signal.Direction;
        var openOnSide = open.Count(p => p.Side == direction) + inFlight.Count(s => s.Direction == direction);
        var mine = open.Where(p => p.StrategyId == signal.StrategyId).OrderBy(p => p.EntryTime).ToList();
        var decision = SignalRules.Decide(signal, active, openOnSide, mine.Count, _settings, _gate.Current(Venue, Account));

        var intents = new List<OrderIntent>();
        string? entryId = null;
        if (decision.Accepted)
        {
            switch (signal.Action)
            {
                case SignalAction.Buy:
                case SignalAction.Sell:
                    var (entryIntent, rejection) = await EntryAsync(signal, now, cancellationToken);
                    if (entryIntent is null)
                    {
                        decision = SignalDecision.Reject(rejection!);
                    }
                    else
                    {
                        intents.Add(entryIntent);
                        entryId = entryIntent.ClientOrderId;
                    }

                    break;
                case SignalAction.Close:
                    intents.AddRange(mine.Select(p => Exit(p, CloseReason.Signal, signal.SignalId, now)));
                    break;
            }
        }

        var record = new StoredSignal(signal, decision, now, entryId);
        var storedSignal = await _store.RecordSignalAsync(record, intents, cancellationToken);
        if (storedSignal.EntryClientOrderId != entryId || storedSignal.Decision.Accepted != decision.Accepted || storedSignal.Decision.Reason != decision.Reason)
        {
            // Another writer stored this signal id first: its decision stands and nothing of ours was stored.
            return Receipt(storedSignal, repeated: true);
        }

        _metrics.Signal(decision);
        DispatchLog.SignalDecided(_logger, Venue, Account, signal.SignalId, signal.StrategyId, signal.Action, signal.Symbol, signal.Confidence, decision.DecisionName, decision.Reason);
        foreach (var intent in intents)
        {
            await SendAsync(intent, cancellationToken);
        }

        return new SignalReceipt(signal, decision, Repeated: false, intents.FirstOrDefault()?.ClientOrderId, now);
    }

    /// <summary>The entry order of an accepted buy/sell, or why it cannot be placed ("too small", unknown symbol).</summary>
    private async Task<(OrderIntent? Intent, string? Rejection)> EntryAsync(Signal signal, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await _orders.SymbolAsync(signal.Symbol, cancellationToken) is not { } symbol)
        {
            return (null, $"unknown symbol {signal.Symbol} on {Venue}");
        }

        var limit = signal.Price is { } given ? symbol.RoundPrice(given) : (decimal?)null;
        var price = limit ?? await _orders.PriceAsync(signal.Symbol, cancellationToken);
        decimal available = 0m, leverage = 1m;
        if (signal.Quantity is null && signal.SizeFraction is not null)
        {
            available = await _orders.AvailableBalanceAsync(symbol.MarginAsset, cancellationToken);
            leverage = await _orders.LeverageAsync(signal.Symbol, cancellationToken);
        }

        if (OrderSizing.Size(signal, symbol, price, available, leverage, out var rejection) is not { } quantity)
        {
            return (null, rejection);
        }

        var id = _ids!.Next();
        var side = signal.Action == SignalAction.Buy ? Side.Buy : Side.Sell;
        var positionSide = _settings.Mode == PositionMode.Hedge
            ? signal.Action == SignalAction.Buy ? PositionSide.Long : PositionSide.Short
            : PositionSide.Both;
        return (new OrderIntent(
            Venue,
            Account,
            id,
            signal.Symbol,
            signal.StrategyId,
            new OrderPurpose.Entry(signal.StrategyId, id, signal.TakeProfit, signal.StopLoss, signal.TakeProfitPct, signal.StopLossPct),
            limit is null ? OrderIntentKind.Market : OrderIntentKind.Limit,
            side,
            positionSide,
            quantity,
            limit,
            ReduceOnly: false,
            signal.SignalId,
            now), null);
    }

    /// <summary>A market exit of one strategy position: reduce-only in one-way mode, its position side in hedge mode.</summary>
    private OrderIntent Exit(StrategyPosition position, CloseReason reason, string? signalId, DateTimeOffset now) => new(
        Venue,
        Account,
        _ids!.Next(),
        position.Symbol,
        position.StrategyId,
        new OrderPurpose.ExitPosition(position.StrategyPositionId, reason),
        OrderIntentKind.Market,
        position.Side == PositionDirection.Long ? Side.Sell : Side.Buy,
        position.PositionSide,
        position.OpenQuantity,
        Price: null,
        ReduceOnly: position.PositionSide == PositionSide.Both,
        signalId,
        now);

    /// <summary>Sends a committed intent and records what the venue said.</summary>
    private async Task SendAsync(OrderIntent intent, CancellationToken cancellationToken)
    {
        switch (await _orders.PlaceAsync(intent, cancellationToken))
        {
            case VenueAnswer.Known known:
                await _store.UpdateIntentAsync(Venue, Account, intent.ClientOrderId, known.Status == OrderIntentStatus.Filled ? OrderIntentStatus.Sent : known.Status, known.VenueOrderId, null, cancellationToken);
                DispatchLog.OrderSent(_logger, Venue, Account, intent.ClientOrderId, intent.Side, intent.Quantity, intent.Symbol, intent.Kind, intent.Purpose, known.VenueOrderId, known.Status);

                break;
            case VenueAnswer.Refused refused:
                await _store.UpdateIntentAsync(Venue, Account, intent.ClientOrderId, OrderIntentStatus.Rejected, null, refused.Message, cancellationToken);
                DispatchLog.OrderRefused(_logger, Venue, Account, intent.ClientOrderId, intent.Kind, intent.Symbol, refused.Message);
                break;
            case VenueAnswer.Unknown unknown:
                // The client already looked the order up before giving up; the next start looks again.
                DispatchLog.OrderUnknown(_logger, Venue, Account, intent.ClientOrderId, intent.Kind, intent.Symbol, unknown.Message);
                break;
            case VenueAnswer.NotFound:
                DispatchLog.OrderUnknown(_logger, Venue, Account, intent.ClientOrderId, intent.Kind, intent.Symbol, "not found");
                break;
        }
    }

    /// <summary>What one committed batch of fills did: metrics, the earlier system's log lines, and the TP/SL of every position it touched.</summary>
    private async Task HandleAsync(IngestReport report, CancellationToken cancellationToken)
    {
        foreach (var fill in report.UnexplainedOrders)
        {
            DispatchLog.NoSignalFound(_logger, fill.OrderId ?? fill.TradeId, fill.Venue, fill.Account, fill.Symbol, fill.ClientOrderId ?? "");
        }

        var touched = new Dictionary<string, StrategyPosition>(StringComparer.Ordinal);
        foreach (var change in report.Attribution)
        {
            var p = change.Position;
            if (p.Venue != Venue || p.Account != Account)
            {
                continue;
            }

            switch (change.Event)
            {
                case StrategyPositionEvent.Opened:
                    _metrics.PositionOpened();
                    var side = p.Side.ToWireName();
                    DispatchLog.PositionCreated(_logger, p.StrategyPositionId, p.StrategyId, p.Venue, p.Account, p.Symbol, side, p.EntryQuantity, p.EntryPrice, p.TakeProfitPrice, p.StopLossPrice);
                    break;
                case StrategyPositionEvent.Closed:
                    var reason = p.CloseReason ?? CloseReason.Manual;
                    _metrics.PositionClosed(reason);
                    var reasonName = reason.ToWireName();
                    DispatchLog.PositionClosed(_logger, p.StrategyPositionId, p.StrategyId, p.Venue, p.Account, p.Symbol, reasonName, p.ExitPrice, p.RealizedPnl, p.RealizedPnlPct, p.NetPnl);
                    break;
                case StrategyPositionEvent.Increased:
                case StrategyPositionEvent.Reduced:
                    break;
            }

            if (change.Fill.ClientOrderId is { } clientOrderId &&
                await _store.FindIntentAsync(Venue, Account, clientOrderId, cancellationToken) is { Kind: OrderIntentKind.TakeProfitMarket or OrderIntentKind.StopMarket, Status: OrderIntentStatus.Sent or OrderIntentStatus.Pending })
            {
                await _store.UpdateIntentAsync(Venue, Account, clientOrderId, OrderIntentStatus.Triggered, null, "triggered on the venue", cancellationToken);
            }

            touched[p.StrategyPositionId] = p;
        }

        if (touched.Count == 0)
        {
            return;
        }

        var protecting = await _store.ReadIntentsAsync(Venue, Account, Protecting, cancellationToken);
        foreach (var position in touched.Values)
        {
            await ProtectAsync(position, protecting, cancellationToken);
        }
    }

    /// <summary>Every open strategy position gets the TP/SL it lacks; orders of closed positions are cancelled.</summary>
    private async Task ReconcileAllAsync(CancellationToken cancellationToken)
    {
        var protecting = await _store.ReadIntentsAsync(Venue, Account, Protecting, cancellationToken);
        var positions = await _store.StrategyPositionsAsync(Venue, Account, symbol: null, openOnly: true, cancellationToken);
        var open = positions.ToDictionary(p => p.StrategyPositionId, StringComparer.Ordinal);
        foreach (var position in positions)
        {
            await ProtectAsync(position, protecting, cancellationToken);
        }

        // Conditional orders left working for positions no longer open (closed while no report came through).
        foreach (var orphan in protecting.Where(i => IsLive(i) && i.Purpose is OrderPurpose.ExitPosition exit && !open.ContainsKey(exit.StrategyPositionId)))
        {
            await CancelAsync(orphan, ((OrderPurpose.ExitPosition)orphan.Purpose).StrategyPositionId, "its strategy position is no longer open", cancellationToken);
        }
    }

    /// <summary>
    /// Brings one position's conditional orders in line: closed, or hit by its TP/SL → cancel what is left; open →
    /// one TAKE_PROFIT_MARKET and one STOP_MARKET for exactly its open quantity (replaced when the quantity changed;
    /// a kind the venue refused is not tried again).
    /// </summary>
    private async Task ProtectAsync(StrategyPosition position, IReadOnlyList<OrderIntent> protecting, CancellationToken cancellationToken)
    {
        var mine = protecting.Where(i => i.Purpose is OrderPurpose.ExitPosition exit && exit.StrategyPositionId == position.StrategyPositionId).ToList();
        var hit = position.CloseReason is CloseReason.TakeProfit or CloseReason.StopLoss;
        if (position.Status == StrategyPositionStatus.Closed || position.OpenQuantity == 0m || hit)
        {
            var why = hit
                ? $"sibling {position.CloseReason!.Value.ToWireName()} triggered"
                : $"position closed ({(position.CloseReason ?? CloseReason.Manual).ToWireName()})";
            foreach (var live in mine.Where(IsLive))
            {
                await CancelAsync(live, position.StrategyPositionId, why, cancellationToken);
            }

            return;
        }

        if (position.TakeProfitPrice is null && position.StopLossPrice is null)
        {
            return;
        }

        if (!_orders.SupportsConditionalOrders)
        {
            if (mine.Count == 0 && position.Status == StrategyPositionStatus.Open && position.OpenQuantity == position.EntryQuantity)
            {
                DispatchLog.ConditionalUnsupported(_logger, Venue, Account, position.StrategyPositionId, position.Symbol, position.TakeProfitPrice, position.StopLossPrice);
            }

            return;
        }

        foreach (var (kind, trigger) in new[] { (OrderIntentKind.TakeProfitMarket, position.TakeProfitPrice), (OrderIntentKind.StopMarket, position.StopLossPrice) })
        {
            if (trigger is not { } price)
            {
                continue;
            }

            var ofKind = mine.Where(i => i.Kind == kind).ToList();
            if (ofKind.Any(i => i.Status == OrderIntentStatus.Rejected && i.Quantity == position.OpenQuantity))
            {
                continue;
            }

            var live = ofKind.Where(IsLive).ToList();
            if (live.Any(i => i.Quantity == position.OpenQuantity))
            {
                continue;
            }

            foreach (var stale in live)
            {
                await CancelAsync(stale, position.StrategyPositionId, "replaced for the open quantity", cancellationToken);
            }

            await PlaceProtectionAsync(position, kind, price, cancellationToken);
        }
    }

    private async Task PlaceProtectionAsync(StrategyPosition position, OrderIntentKind kind, decimal trigger, CancellationToken cancellationToken)
    {
        var symbol = await _orders.SymbolAsync(position.Symbol, cancellationToken);
        var intent = new OrderIntent(
            Venue,
            Account,
            _ids!.Next(),
            position.Symbol,
            position.StrategyId,
            new OrderPurpose.ExitPosition(position.StrategyPositionId, kind == OrderIntentKind.TakeProfitMarket ? CloseReason.TakeProfit : CloseReason.StopLoss),
            kind,
            position.Side == PositionDirection.Long ? Side.Sell : Side.Buy,
            position.PositionSide,
            position.OpenQuantity,
            symbol?.RoundPrice(trigger) ?? trigger,
            ReduceOnly: position.PositionSide == PositionSide.Both,
            SignalId: null,
            _time.GetUtcNow());
        await _store.SaveIntentAsync(intent, cancellationToken);
        await SendAsync(intent, cancellationToken);
    }

    private async Task CancelAsync(OrderIntent intent, string strategyPositionId, string why, CancellationToken cancellationToken)
    {
        if (intent.Status == OrderIntentStatus.Pending)
        {
            // Never confirmed as sent: look before cancelling (it may have gone out just before a crash).
            if (await _orders.FindAsync(intent, cancellationToken) is VenueAnswer.NotFound)
            {
                await _store.UpdateIntentAsync(Venue, Account, intent.ClientOrderId, OrderIntentStatus.Canceled, null, why, cancellationToken);
                return;
            }
        }

        if (await _orders.CancelAsync(intent, cancellationToken))
        {
            await _store.UpdateIntentAsync(Venue, Account, intent.ClientOrderId, OrderIntentStatus.Canceled, null, why, cancellationToken);
            DispatchLog.ConditionalCanceled(_logger, Venue, Account, intent.Kind, intent.ClientOrderId, strategyPositionId, why);
            return;
        }

        // No longer open on the venue: record where it ended.
        var status = await _orders.FindAsync(intent, cancellationToken) is VenueAnswer.Known known ? known.Status : OrderIntentStatus.Canceled;
        await _store.UpdateIntentAsync(Venue, Account, intent.ClientOrderId, status == OrderIntentStatus.Sent ? OrderIntentStatus.Canceled : status, null, $"no longer open when cancelled: {why}", cancellationToken);
    }

    private static bool IsLive(OrderIntent intent) => intent.Status is OrderIntentStatus.Pending or OrderIntentStatus.Sent;

    public void Dispose() => _turn.Dispose();

    private static SignalReceipt Receipt(StoredSignal stored, bool repeated) =>
        new(stored.Signal, stored.Decision, repeated, stored.EntryClientOrderId, stored.ReceivedAt);
}
