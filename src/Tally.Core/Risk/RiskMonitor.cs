using System.Globalization;
using Tally.Core.Attribution;
using Tally.Core.Signals;

namespace Tally.Core.Risk;

/// <summary>
/// Every rule of DESIGN §5 as one deterministic fold — the same code behind the live monitor and
/// <c>tally risk replay</c>. No I/O and no clock: ticks carry their time, the rest take <c>now</c>. Inputs: ticks
/// (<see cref="OnTick"/>), strategy position snapshots from the <see cref="AttributionBook"/> as they open, change
/// and close (<see cref="Track"/>), the wallet balance (<see cref="UpdateWallet"/>), the clock for evaluations
/// without ticks (<see cref="OnTime"/>) and force closes (<see cref="ForceClose"/>). Outputs, into a
/// <see cref="RiskOutput"/>: the eleven events, exit requests (strategy position, key, quantity, reason) and the
/// portfolio evaluations; and the current <see cref="Gate"/>. Not thread-safe: one owner feeds it.
/// </summary>
/// <remarks>
/// <para>A tick of symbol s, in order: (1) s's watched take-profits and stop-losses the tick reaches (heaps per
/// symbol); (2) s's trailing stops (<see cref="StopBook"/>, per symbol); (3) the dump detector on s — candle
/// signals (a) and (b) are recomputed only when one of s's candles closes, (c) is found from the stop book's best
/// extremes; (4) when due (first tick at or after each 10-s boundary) the portfolio evaluation: breaker, health,
/// hold time, correlation. Steps 1–3 cost O(log n + k) for k exits, whatever is open on other symbols; step 4 reads
/// sums kept per market, instrument and exchange position key and heaps of hold-time deadlines
/// (<see cref="PortfolioBook"/>): O(groups + k), O(n) only when a breaker or health level fires or a leader dumps.</para>
/// <para>An exit asked for marks the position: no rule asks again, and it leaves the stop book and the level
/// heaps; it stays in the portfolio (valued at its last price) until a closed snapshot arrives through
/// <see cref="Track"/>. Exits by trailing stop, take-profit, stop-loss and force close are announced with event
/// ForceExitRequired; the others with their own event (DumpDetected, CorrelatedDumpDetected,
/// MaxHoldTimeExceeded, one CircuitBreakerTriggered / PortfolioHealthDegraded per evaluation).</para>
/// <para>Equity = wallet + Σ unrealized PnL of the open strategy positions at their symbols' last prices (entry
/// before any tick); today's PnL for the health score = equity − the breaker's E0 of the day.</para>
/// </remarks>
public sealed class RiskMonitor
{
    private readonly Dictionary<string, TrackedPosition> _positions = new(StringComparer.Ordinal);
    private readonly List<TrackedPosition> _order = [];
    private readonly Dictionary<string, SymbolState> _symbols = new(StringComparer.Ordinal);
    private readonly StopBook _stops = new();
    private readonly List<StopExit> _stopExits = [];
    private readonly List<(TrackedPosition Position, RiskExitReason Reason)> _levelExits = [];
    private readonly List<string> _dumpIds = [];
    private readonly List<Candle> _closed = [];
    private readonly PortfolioBook _portfolio = new();
    private readonly List<TrackedPosition> _expired = [];
    private readonly string[] _leaders;
    private readonly Func<StrategyPosition, string> _market;
    private readonly int _windowCapacity;
    private BreakerState _breaker;
    private HealthBandState _health;
    private DateTimeOffset? _lastBoundary;
    private long _nextBoundaryTicks = long.MinValue;
    private int _removedSinceCompaction;

    /// <param name="market">
    /// The key of the tick stream a position is watched on (default: its symbol). Ticks' <see cref="RiskTick.Symbol"/>
    /// and <see cref="OnCandle"/>'s market are such keys; asset classes and correlation still read the position's real
    /// symbol. The live monitor keys spot positions apart from USD-M ones on the same symbol.
    /// </param>
    public RiskMonitor(RiskSettings settings, RiskMonitorState state, decimal wallet, Func<StrategyPosition, string>? market = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(state);
        if (settings.Validate() is { Count: > 0 } problems)
        {
            throw new ArgumentException(string.Join("; ", problems), nameof(settings));
        }

        Settings = settings;
        Classes = new AssetClassMap(settings);
        _breaker = state.Breaker;
        _health = state.Health;
        Wallet = wallet;
        _market = market ?? (p => p.Symbol);
        _leaders = [.. settings.CorrelationLeaders.Order(StringComparer.Ordinal)];
        _windowCapacity = Math.Max(
            (int)Math.Ceiling(settings.CorrelationWindow.TotalMinutes) + 1,
            Math.Max(settings.FlowFlipWindow + 1, settings.DumpPressureCandles));
        if (_health.Tightened)
        {
            _stops.SetDistanceCap(settings.TightenedDistance);
        }
    }

    public RiskSettings Settings { get; }

    public AssetClassMap Classes { get; }

    /// <summary>The wallet balance (realized, after fees) in the settlement asset, as last told.</summary>
    public decimal Wallet { get; private set; }

    /// <summary>What must survive a restart (keep it after every step that changed it).</summary>
    public RiskMonitorState State => new(_breaker, _health);

    /// <summary>StopAllTrading while the breaker's halt lasts; StopNewEntries while the health band holds entries; else Open.</summary>
    public RiskGate Gate =>
        _breaker.Halted ? RiskGate.StopAllTrading
        : _health.EntriesStopped ? RiskGate.StopNewEntries
        : RiskGate.Open;

    /// <summary>The last portfolio evaluation, null before the first.</summary>
    public RiskEvaluation? LastEvaluation { get; private set; }

    public int OpenCount => _positions.Count;

    /// <summary>The open positions in the order they opened, with their stops.</summary>
    public IReadOnlyList<MonitoredPosition> OpenPositions() =>
        [.. _order.Where(p => _positions.ContainsKey(p.BookId)).Select(Describe)];

    /// <summary>The position <paramref name="strategyPositionId"/> of that venue, account and symbol, or null.</summary>
    public MonitoredPosition? Find(string venue, string account, string symbol, string strategyPositionId) =>
        _positions.TryGetValue(BookId(venue, account, symbol, strategyPositionId), out var tracked) ? Describe(tracked) : null;

    /// <summary><c>tally risk reset</c>: lifts the breaker's halt (today's fired levels stay fired).</summary>
    public void ResetHalt() => _breaker = _breaker.Reset();

    /// <summary>The wallet balance changed (a fill realized PnL or paid a fee, a transfer …).</summary>
    public void UpdateWallet(decimal wallet) => Wallet = wallet;

    /// <summary>
    /// A strategy position opened, changed or closed (a snapshot from the attribution book after the fill).
    /// Opened: its rules start (trailing stop from its entry, its take-profit / stop-loss watched), event
    /// PositionOpened. Changed (quantity, take-profit or stop-loss): PositionUpdated. Closed: it leaves every rule,
    /// PositionClosed. A closed snapshot of a position never seen is ignored.
    /// </summary>
    public void Track(StrategyPosition snapshot, DateTimeOffset now, RiskOutput output)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(output);
        var id = BookId(snapshot.Venue, snapshot.Account, snapshot.Symbol, snapshot.StrategyPositionId);
        var known = _positions.TryGetValue(id, out var tracked);
        if (snapshot.Status == StrategyPositionStatus.Closed)
        {
            if (known)
            {
                Remove(tracked!);
                var reason = snapshot.CloseReason is { } r ? r.ToWireName() : "unknown";
                output.Add(Event(now, RiskEventType.PositionClosed, snapshot, snapshot.ExitPrice, null,
                    Invariant($"closed ({reason}), realized {snapshot.RealizedPnl}, fees {snapshot.Fees}")));
            }

            return;
        }

        if (!known)
        {
            Open(id, snapshot, now, output);
            return;
        }

        var before = tracked!.Snapshot;
        tracked.Snapshot = snapshot;
        if (before.TakeProfitPrice != snapshot.TakeProfitPrice || before.StopLossPrice != snapshot.StopLossPrice)
        {
            tracked.Version++;
            if ((Settings.WatchTakeProfitStopLoss || tracked.LevelsWatched) && tracked.Watched)
            {
                tracked.Symbol.Levels.Watch(tracked);
            }
        }

        if (before != snapshot)
        {
            output.Add(Event(now, RiskEventType.PositionUpdated, snapshot, tracked.Symbol.LastPrice, null,
                Invariant($"open {snapshot.OpenQuantity} of {snapshot.EntryQuantity} @ {snapshot.EntryPrice}")));
        }
    }

    /// <summary>
    /// Folds one tick: the per-position rules of its symbol, then, if due, the portfolio evaluation. Ticks of a
    /// symbol must come in time order; a tick older than the symbol's candle in progress moves the price and the
    /// stops but adds no volume to closed candles.
    /// </summary>
    public void OnTick(in RiskTick tick, RiskOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tick.Price);
        var symbol = Symbol(tick.Symbol);
        symbol.LastPrice = tick.Price;
        symbol.LeaderHigh?.Add(tick.At, tick.Price);
        _closed.Clear();
        symbol.Candles.Add(new Trade(tick.At, tick.Price, tick.Quantity ?? 0m, tick.TakerSide ?? Side.Buy), _closed);
        AppendCandles(symbol);

        // (1) watched take-profit / stop-loss (every position's when the settings say so, else those WatchLevels named)
        _levelExits.Clear();
        symbol.Levels.Reached(tick.Price, _levelExits);
        foreach (var (position, reason) in _levelExits)
        {
            LevelExit(position, reason, tick.At, tick.Price, output);
        }

        // (2) trailing stops
        _stopExits.Clear();
        _stops.OnTick(tick.Symbol, tick.Price, _stopExits);
        foreach (var exit in _stopExits)
        {
            var position = _positions[exit.StrategyPositionId];
            RequestExit(position, tick.At, tick.Price, RiskExitReason.TrailingStop, output, RiskEventType.ForceExitRequired,
                Invariant($"trailing stop {exit.Stop} reached at {tick.Price}"));
        }

        // (3) dump detector
        DumpExits(symbol, ExposureSide.Long, symbol.LongSignals, tick, output);
        DumpExits(symbol, ExposureSide.Short, symbol.ShortSignals, tick, output);

        // (4) portfolio rules
        OnTime(tick.At, output);
    }

    /// <summary>
    /// From now on the take-profit and stop-loss of this open position are watched on its market's ticks (exit with
    /// reason take_profit / stop_loss), whatever <see cref="RiskSettings.WatchTakeProfitStopLoss"/> says: the venue does
    /// not hold them (spot, or it refused the conditional orders). If the market's last price already passed a level,
    /// the exit is asked for at once. Idempotent; a position not tracked (or not open) is ignored.
    /// </summary>
    public void WatchLevels(string venue, string account, string symbol, string strategyPositionId, DateTimeOffset now, RiskOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (!_positions.TryGetValue(BookId(venue, account, symbol, strategyPositionId), out var tracked) || tracked.LevelsWatched)
        {
            return;
        }

        tracked.LevelsWatched = true;
        if (!tracked.Watched)
        {
            return;
        }

        if (!Settings.WatchTakeProfitStopLoss)
        {
            tracked.Symbol.Levels.Watch(tracked);
        }

        if (tracked.Symbol.LastPrice is not { } price)
        {
            return;
        }

        var snapshot = tracked.Snapshot;
        var isLong = tracked.Side == ExposureSide.Long;
        bool Passed(decimal level, bool fromBelow) => fromBelow ? price >= level : price <= level;
        RiskExitReason? reached =
            snapshot.TakeProfitPrice is { } tp && Passed(tp, fromBelow: isLong) ? RiskExitReason.TakeProfit
            : snapshot.StopLossPrice is { } sl && Passed(sl, fromBelow: !isLong) ? RiskExitReason.StopLoss
            : null;
        if (reached is { } reason)
        {
            LevelExit(tracked, reason, now, price, output); // its queued levels lapse: it is no longer watched
        }
    }

    /// <summary>
    /// A closed 1-minute candle of <paramref name="market"/> from a REST back-fill after a feed gap: it fills the hole
    /// in that market's candles (the dump detector's signals are recomputed). A minute the window already holds from
    /// trades is kept; one it holds only as a gap filler (flat, no volume) takes the back-filled candle. The candle in
    /// progress of that minute, if any, is replaced (the back-filled one is final). Prices and stops do not move.
    /// </summary>
    public void OnCandle(string market, Candle candle)
    {
        ArgumentNullException.ThrowIfNull(market);
        var symbol = Symbol(market);
        candle = candle with { OpenTime = CandleBuilder.MinuteOf(candle.OpenTime) };
        _closed.Clear();
        if (symbol.Candles.AddClosed(candle, _closed))
        {
            AppendCandles(symbol);
        }
        else if (symbol.Window.FillHole(candle))
        {
            symbol.LongSignals = DumpDetector.FromCandles(symbol.Window, ExposureSide.Long, Settings);
            symbol.ShortSignals = DumpDetector.FromCandles(symbol.Window, ExposureSide.Short, Settings);
        }
    }

    /// <summary>Runs the portfolio evaluation if a boundary passed since the last one (the live timer's entry point).</summary>
    public void OnTime(DateTimeOffset now, RiskOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (now.UtcTicks < _nextBoundaryTicks)
        {
            return; // before the next boundary: nothing due (the common tick)
        }

        if (EvaluationSchedule.Due(_lastBoundary, now, Settings.EvaluationInterval, out var boundary))
        {
            _lastBoundary = boundary;
            var interval = Settings.EvaluationInterval.Ticks;
            _nextBoundaryTicks = boundary.UtcTicks > long.MaxValue - interval ? long.MaxValue : boundary.UtcTicks + interval;
            Evaluate(now, output);
        }
    }

    /// <summary>
    /// Force close (CLI, API): every open position of that venue and account whose strategy position id or exchange
    /// position key is <paramref name="idOrKey"/>, reason manual, event ForceExitRequired. Returns how many.
    /// </summary>
    public int ForceClose(string venue, string account, string idOrKey, DateTimeOffset now, RiskOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        var matched = _order
            .Where(p => p.Watched && _positions.ContainsKey(p.BookId)
                && p.Snapshot.Venue == venue && p.Snapshot.Account == account
                && (p.Snapshot.StrategyPositionId == idOrKey || string.Equals(p.Snapshot.ExchangePositionKey, idOrKey, StringComparison.OrdinalIgnoreCase)))
            .ToList();
        foreach (var position in matched)
        {
            _stops.Remove(position.BookId);
            RequestExit(position, now, position.Mark, RiskExitReason.Manual, output, RiskEventType.ForceExitRequired, "force close");
        }

        return matched.Count;
    }

    private void Open(string id, StrategyPosition snapshot, DateTimeOffset now, RiskOutput output)
    {
        var side = snapshot.Side switch
        {
            PositionDirection.Long => ExposureSide.Long,
            PositionDirection.Short => ExposureSide.Short,
            PositionDirection.Flat => throw new ArgumentException($"strategy position {snapshot.StrategyPositionId} is open but flat", nameof(snapshot)),
        };
        var symbol = Symbol(_market(snapshot));
        var tracked = new TrackedPosition(id, snapshot, side, snapshot.EntryTime ?? now, Classes.MaxHold(snapshot.StrategyId, snapshot.Symbol), symbol);
        _positions.Add(id, tracked);
        _order.Add(tracked);
        _portfolio.Add(tracked);

        var distance = Classes.TrailingDistance(snapshot.Symbol);
        decimal? activation = Settings.TrailingActivation is { } a
            ? TrailingStop.Trail(side, snapshot.EntryPrice, -a)
            : null;
        _stops.Add(new StopOrder(id, symbol.Symbol, side, snapshot.EntryPrice, distance, activation));
        if (Settings.WatchTakeProfitStopLoss)
        {
            symbol.Levels.Watch(tracked);
        }

        output.Add(Event(now, RiskEventType.PositionOpened, snapshot, snapshot.EntryPrice, null,
            Invariant($"{snapshot.Side.ToWireName()} {snapshot.OpenQuantity} @ {snapshot.EntryPrice}, trailing {distance * 100m} %{(activation is { } act ? $" from {act}" : "")}")));
    }

    private void LevelExit(TrackedPosition position, RiskExitReason reason, DateTimeOffset at, decimal price, RiskOutput output)
    {
        _stops.Remove(position.BookId);
        var level = reason == RiskExitReason.TakeProfit ? position.Snapshot.TakeProfitPrice : position.Snapshot.StopLossPrice;
        RequestExit(position, at, price, reason, output, RiskEventType.ForceExitRequired,
            Invariant($"{reason.ToWireName()} {level} reached at {price}"));
    }

    private void Remove(TrackedPosition tracked)
    {
        _positions.Remove(tracked.BookId);
        _stops.Remove(tracked.BookId);
        tracked.ExitRequested ??= RiskExitReason.Manual; // lapses its queued levels
        tracked.Version++;
        _portfolio.Remove(tracked);

        // _order keeps insertion order for determinism; drop the closed ones now and then so it stays O(open).
        if (++_removedSinceCompaction > 64 && _removedSinceCompaction > _positions.Count)
        {
            _order.RemoveAll(p => !_positions.ContainsKey(p.BookId));
            _removedSinceCompaction = 0;
        }
    }

    private void DumpExits(SymbolState symbol, ExposureSide side, DumpSignals signals, in RiskTick tick, RiskOutput output)
    {
        var required = Settings.DumpSignalsRequired;
        if (signals.Count + 1 < required)
        {
            return;
        }

        _dumpIds.Clear();
        if (signals.Count >= required)
        {
            _stops.CollectAll(symbol.Symbol, side, _dumpIds);
        }
        else
        {
            _stops.CollectMomentumBreaks(symbol.Symbol, side, tick.Price, Settings.MomentumBreak, _dumpIds);
        }

        if (_dumpIds.Count == 0)
        {
            return;
        }

        // The book's order is by bucket; exit in the order the positions opened so the output is stable.
        foreach (var position in _dumpIds.Select(id => _positions[id]).OrderBy(p => p.OpenedAt).ThenBy(p => p.BookId, StringComparer.Ordinal).ToList())
        {
            var extreme = _stops.ExtremeOf(position.BookId) ?? position.Snapshot.EntryPrice;
            var all = signals with { MomentumBreak = DumpDetector.MomentumBreak(side, extreme, tick.Price, Settings.MomentumBreak) };
            _stops.Remove(position.BookId);
            RequestExit(position, tick.At, tick.Price, RiskExitReason.Dump, output, RiskEventType.DumpDetected,
                Invariant($"{all} (best since entry {extreme})"));
        }
    }

    private void Evaluate(DateTimeOffset now, RiskOutput output)
    {
        // Kept up to date by the portfolio book: O(groups) sums, no list of the open positions (DESIGN §5 as before).
        var equity = Wallet + _portfolio.UnrealizedPnl();

        // Breaker
        var newDay = BreakerState.DayOf(now) != _breaker.Day;
        var breaker = DrawdownBreaker.Evaluate(_breaker, now, equity, WatchedPositions(), Settings);
        _breaker = breaker.State;
        if (breaker.Fired != BreakerLevel.None)
        {
            output.Add(new RiskEvent(now, RiskEventType.CircuitBreakerTriggered, null, null, null, RiskExitReason.CircuitBreaker,
                Invariant($"level {(int)breaker.Fired} ({breaker.Fired.ToWireName()}): drawdown {Percent(breaker.Drawdown)} % of {Settings.BreakerBasis.ToWireName()} {breaker.Basis} at equity {equity}; closing {breaker.Close.Count}")));
            if (breaker.Fired == BreakerLevel.Halt)
            {
                output.Add(new RiskEvent(now, RiskEventType.StopAllTrading, null, null, null, RiskExitReason.CircuitBreaker,
                    Invariant($"halted at drawdown {Percent(breaker.Drawdown)} % until tally risk reset")));
            }

            CloseAll(breaker.Close, now, RiskExitReason.CircuitBreaker, output);
        }

        // Health (over the positions no exit was asked for)
        var score = HealthScoreAt(_breaker.DayStartEquity, equity - _breaker.DayStartEquity, now);
        var watched = WatchedPositions();
        var health = HealthBands.Evaluate(_health, score, watched, Settings);
        _health = health.State;
        if (health.Degraded)
        {
            output.Add(new RiskEvent(now, RiskEventType.PortfolioHealthDegraded, null, null, null,
                health.Close.Count > 0 ? RiskExitReason.Health : null,
                Invariant($"score {score}; {watched.Count} open; actions: {(health.Actions.Count == 0 ? "none" : string.Join(", ", health.Actions))}")));
        }

        foreach (var action in health.Actions)
        {
            switch (action)
            {
                case HealthAction.StopNewEntries:
                    output.Add(new RiskEvent(now, RiskEventType.StopNewEntries, null, null, null, null,
                        Invariant($"health score {Math.Round(score.Total, 2)} below {Settings.HealthStopEntriesBelow}")));
                    break;
                case HealthAction.ResumeNewEntries:
                    break;
                case HealthAction.TightenStops:
                    _stops.SetDistanceCap(Settings.TightenedDistance);
                    break;
                case HealthAction.EndTightening:
                    _stops.SetDistanceCap(null);
                    break;
                case HealthAction.CloseWorst:
                    CloseAll(health.Close, now, RiskExitReason.Health, output);
                    break;
            }
        }

        // Hold time: the deadlines passed, oldest first
        _portfolio.Expired(now, _expired);
        foreach (var position in _expired)
        {
            _stops.Remove(position.BookId);
            RequestExit(position, now, position.Mark, RiskExitReason.HoldTime, output, RiskEventType.MaxHoldTimeExceeded,
                Invariant($"held {now - position.OpenedAt:c} ≥ {position.MaxHold:c}"));
        }

        _expired.Clear();

        // Correlated dump
        foreach (var leader in _leaders)
        {
            CorrelatedDumpExits(leader, now, output);
        }

        var evaluation = new RiskEvaluation(now, equity, breaker.Basis, breaker.Drawdown, breaker.Fired, newDay, score, _positions.Count);
        LastEvaluation = evaluation;
        output.Add(evaluation);
    }

    // P + Q + C + T from the portfolio book's counts: the same arithmetic as PortfolioHealth.Score over the watched list.
    private HealthScore HealthScoreAt(decimal dayStartEquity, decimal todayPnl, DateTimeOffset now)
    {
        var pnl = PortfolioHealth.PnlPart(dayStartEquity, todayPnl);
        if (_portfolio.Watched == 0)
        {
            return PortfolioHealth.Compose(pnl, 0, 0, 0, 20m);
        }

        _portfolio.Age(now);
        var (keys, total, largest) = _portfolio.Exposures();
        return PortfolioHealth.Compose(pnl, _portfolio.Watched, _portfolio.WatchedNotLosing(), _portfolio.Young,
            PortfolioHealth.Concentration(keys, total, largest));
    }

    // The watched positions, in the order they opened, valued now — built only if a rule reads them.
    private LazyRiskPositions WatchedPositions() =>
        new(_portfolio.Watched, () => [.. OpenInOrder().Where(p => p.Watched).Select(p => p.ToRiskPosition())]);

    private IEnumerable<TrackedPosition> OpenInOrder() =>
        _order.Where(p => _positions.TryGetValue(p.BookId, out var current) && ReferenceEquals(current, p));

    private void CorrelatedDumpExits(string leader, DateTimeOffset now, RiskOutput output)
    {
        if (!_symbols.TryGetValue(leader, out var state) || state.LastPrice is not { } price
            || state.LeaderHigh?.Highest(now) is not { } high
            || !CorrelatedDump.LeaderDumped(price, high, Settings))
        {
            return;
        }

        var longs = OpenInOrder().Where(p => p.Watched && p.Side == ExposureSide.Long).ToList();
        if (longs.Count == 0)
        {
            return;
        }

        CloseCandles(state, now);
        var estimates = new Dictionary<string, CorrelationEstimate>(StringComparer.Ordinal);
        foreach (var position in longs)
        {
            var symbol = position.Symbol;
            if (!estimates.TryGetValue(symbol.Symbol, out var estimate))
            {
                CloseCandles(symbol, now);
                estimate = position.Snapshot.Symbol == leader
                    ? new CorrelationEstimate(1m, symbol.Window.Count, Measured: true)
                    : Correlation.Estimate(position.Snapshot.Symbol, symbol.Window, state.Window, now, Classes);
                estimates.Add(symbol.Symbol, estimate);
            }

            if (estimate.Value >= Settings.CorrelationThreshold)
            {
                _stops.Remove(position.BookId);
                RequestExit(position, now, position.Mark, RiskExitReason.Correlation, output, RiskEventType.CorrelatedDumpDetected,
                    Invariant($"{leader} {price} ≤ {Settings.LeaderDumpFraction * 100m} % of its {Settings.LeaderLookback.TotalMinutes}-min high {high}; correlation {Math.Round(estimate.Value, 4)} ({(estimate.Measured ? $"measured over {estimate.Points} returns" : "class default")})"));
            }
        }
    }

    private void CloseAll(IReadOnlyList<string> ids, DateTimeOffset now, RiskExitReason reason, RiskOutput output)
    {
        foreach (var id in ids)
        {
            var position = _positions[id];
            if (position.Watched)
            {
                _stops.Remove(id);
                RequestExit(position, now, position.Mark, reason, output, null, null);
            }
        }
    }

    private void RequestExit(TrackedPosition position, DateTimeOffset at, decimal price, RiskExitReason reason, RiskOutput output, RiskEventType? type, string? detail)
    {
        position.ExitRequested = reason;
        var snapshot = position.Snapshot;
        if (type is { } eventType)
        {
            output.Add(Event(at, eventType, snapshot, price, reason, detail!));
        }

        output.Add(new RiskExit(at, snapshot.Venue, snapshot.Account, snapshot.Symbol, snapshot.PositionSide, snapshot.StrategyPositionId,
            snapshot.ExchangePositionKey, position.Side, snapshot.OpenQuantity, price, reason));
    }

    private void AppendCandles(SymbolState symbol)
    {
        if (_closed.Count == 0)
        {
            return;
        }

        foreach (var candle in _closed)
        {
            symbol.Window.Add(candle);
        }

        symbol.LongSignals = DumpDetector.FromCandles(symbol.Window, ExposureSide.Long, Settings);
        symbol.ShortSignals = DumpDetector.FromCandles(symbol.Window, ExposureSide.Short, Settings);
        _closed.Clear();
    }

    private void CloseCandles(SymbolState symbol, DateTimeOffset now)
    {
        _closed.Clear();
        symbol.Candles.CloseThrough(now, _closed);
        AppendCandles(symbol);
    }

    private SymbolState Symbol(string symbol)
    {
        if (!_symbols.TryGetValue(symbol, out var state))
        {
            state = new SymbolState(symbol, _windowCapacity, Settings.CorrelationLeaders.Contains(symbol) ? Settings.LeaderLookback : null);
            _symbols.Add(symbol, state);
        }

        return state;
    }

    private MonitoredPosition Describe(TrackedPosition tracked) =>
        new(tracked.Snapshot, _stops.StopOf(tracked.BookId), _stops.ExtremeOf(tracked.BookId), tracked.Symbol.LastPrice, tracked.ExitRequested);

    private static RiskEvent Event(DateTimeOffset at, RiskEventType type, StrategyPosition snapshot, decimal? price, RiskExitReason? reason, string detail) =>
        new(at, type, snapshot.StrategyPositionId, snapshot.ExchangePositionKey, price, reason, detail);

    private static string BookId(string venue, string account, string symbol, string id) => $"{venue}\u001f{account}\u001f{symbol}\u001f{id}";

    private static decimal Percent(decimal fraction) => Math.Round(fraction * 100m, 4);

    // Decimals as Tally prints them everywhere (no trailing zeros: 101.49, not 101.490).
    private static string Invariant(FormattableString text) =>
        string.Format(CultureInfo.InvariantCulture, text.Format, [.. text.GetArguments().Select(a => a is decimal d ? DecimalText.Format(d) : a)]);
}
