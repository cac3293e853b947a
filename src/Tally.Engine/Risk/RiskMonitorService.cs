using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Tally.Core.Attribution;
using Tally.Core.Risk;
using Tally.Core.Signals;
using Tally.Engine.Dispatch;
using Tally.Storage;

namespace Tally.Engine.Risk;

/// <summary>
/// The live risk monitor (DESIGN.md §5) as one hosted service over every account, USD-M and spot: ONE
/// <see cref="RiskMonitor"/> (the same fold as <c>tally risk replay</c>) owned by one task that takes, in arrival order,
/// ticks and back-filled candles from the market feed (the markets of open strategy positions plus
/// <see cref="RiskMonitorOptions.Symbols"/>; spot positions on <c>spot:</c> + symbol, <see cref="RiskMarkets"/>), ingest
/// reports (their attribution changes → <c>Track</c>), the timer (<c>OnTime</c>), wallet reads, the CLI's requests and
/// the positions whose take-profit / stop-loss the venue does not hold (<see cref="WatchLevels"/>).
/// </summary>
/// <remarks>
/// After every step: events are journalled (<c>risk_events</c>) together with the state when it changed
/// (<c>risk_state</c>: breaker with its halt, health bands, and the status <c>tally risk status</c> prints), then
/// published by the log on its change feed (<see cref="FillLog.Changes"/>); exits go to the account's dispatcher as reduce-only market orders
/// (<see cref="AccountDispatcher.ExitPositionAsync"/>, intent committed first) on a worker of their own so a slow venue
/// never holds ticks up; the <see cref="MonitorRiskGate"/> takes the monitor's gate. A stored halt is read at start,
/// so a restart stays halted until <c>tally risk reset</c>, which a running monitor notices by polling
/// <c>risk_requests</c> (as it does for <c>tally close</c>).
/// <para>Watched levels (DESIGN §4): every open spot strategy position's TP/SL (spot has no conditional orders), and
/// those of a USD-M position whose TP or SL conditional order the venue refused — told by the dispatcher
/// (<see cref="WatchLevels"/>) and, at start, read from the store (its latest TP or SL intent stands rejected).</para>
/// <para>Wallet: the USD-M accounts' wallet balance plus the spot accounts' cash and holdings at market, read from one
/// snapshot per account (<see cref="BinanceSpotWallet"/>), less the unrealized PnL of the open spot strategy positions
/// quoted in the wallet asset at the moment the reading is taken in — so that wallet + unrealized PnL = cash + holdings
/// at market, whether a spot fill reaches the balances before or after its report reaches the monitor. A fill of a
/// spot account asks for a fresh read at once.</para>
/// <para>An exit whose dispatcher call threw is tried again after <see cref="RiskMonitorOptions.ExitRetryDelay"/>,
/// doubling up to <see cref="RiskMonitorOptions.ExitRetryMaxDelay"/>, until it is sent or the position is not open.</para>
/// </remarks>
public sealed class RiskMonitorService : BackgroundService
{
    private readonly FillLog _log;
    private readonly Dictionary<(string Venue, string Account), AccountDispatcher> _dispatchers;
    private readonly IRiskMarketFeed _feed;
    private readonly IRiskWallet _wallet;
    private readonly RiskMonitorOptions _options;
    private readonly TimeProvider _time;
    private readonly MonitorRiskGate _gate;
    private readonly ILogger _logger;
    private readonly Channel<Input> _inputs = Channel.CreateUnbounded<Input>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Channel<(RiskExit Exit, int Attempt)> _exits = Channel.CreateUnbounded<(RiskExit, int)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Channel<bool> _walletNow = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly HashSet<(string Venue, string Account)> _spotAccounts;
    private readonly HashSet<(string Venue, string Account, string Id)> _levelsWanted = [];
    private readonly Channel<string[]> _symbolSets = Channel.CreateUnbounded<string[]>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Dictionary<string, (string Venue, string Account)> _owners = new(StringComparer.Ordinal);
    private readonly RiskOutput _output = new();
    private RiskMonitor? _monitor;
    private RiskGate _operator = RiskGate.Open;
    private string? _savedState;
    private string[] _watched = [];
    private DateTimeOffset _lastTick;
    private long _ticks, _evaluations, _events, _exitCount, _steps;
    private volatile RiskStatus? _status;

    public RiskMonitorService(
        FillLog log,
        IEnumerable<AccountDispatcher> dispatchers,
        IRiskMarketFeed feed,
        IRiskWallet wallet,
        RiskMonitorOptions options,
        TimeProvider time,
        MonitorRiskGate gate,
        ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(log);
        ArgumentNullException.ThrowIfNull(dispatchers);
        ArgumentNullException.ThrowIfNull(feed);
        ArgumentNullException.ThrowIfNull(wallet);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(gate);
        options.Validate();
        _log = log;
        _dispatchers = dispatchers.ToDictionary(d => (d.Venue, d.Account));
        _spotAccounts = [.. options.SpotAccounts];
        _feed = feed;
        _wallet = wallet;
        _options = options;
        _time = time;
        _gate = gate;
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Completes once the stored state is read, open positions are tracked and the gate is set.</summary>
    public Task Ready => _ready.Task;

    /// <summary>Health, drawdown, breaker and gate gauges and the tick-to-decision latency; null measures nothing.</summary>
    public RiskMetrics? Metrics { get; init; }

    /// <summary>The status after the latest step (null before <see cref="Ready"/>); safe from any thread.</summary>
    public RiskStatus? Status => _status;

    /// <summary>Steps (ticks, reports, timer, requests) worked through so far.</summary>
    public long Steps => Interlocked.Read(ref _steps);

    /// <summary>Hands a committed ingest report over (non-blocking; from the account runner's task).</summary>
    public void Enqueue(IngestReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        if (report.Attribution.Count > 0)
        {
            _inputs.Writer.TryWrite(new Input(InputKind.Report, default, report, 0m));
        }
    }

    /// <summary>
    /// The venue does not hold this strategy position's take-profit or stop-loss (it refused the conditional order):
    /// watch them on its ticks from now on (non-blocking; idempotent; a position not tracked yet is watched once it is).
    /// </summary>
    public void WatchLevels(string venue, string account, string strategyPositionId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(venue);
        ArgumentException.ThrowIfNullOrWhiteSpace(account);
        ArgumentException.ThrowIfNullOrWhiteSpace(strategyPositionId);
        _inputs.Writer.TryWrite(new Input(InputKind.WatchLevels, default, null, 0m) { Levels = (venue, account, strategyPositionId) });
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await StartMonitorAsync(stoppingToken);
            Metrics?.Observe(_monitor!);
            var workers = new[]
            {
                EveryAsync(_options.TimerInterval, InputKind.Timer, stoppingToken),
                EveryAsync(_options.RequestPollInterval, InputKind.Poll, stoppingToken),
                EveryAsync(_options.StatsInterval, InputKind.Stats, stoppingToken),
                WalletLoopAsync(stoppingToken),
                FeedLoopAsync(stoppingToken),
                ExitLoopAsync(stoppingToken),
            };
            _inputs.Writer.TryWrite(new Input(InputKind.Poll, default, null, 0m));
            await foreach (var input in _inputs.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await StepAsync(input, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    RiskLog.StepFailed(_logger, e);
                }

                Metrics?.Observe(_monitor!);

                Interlocked.Increment(ref _steps);
            }

            await Task.WhenAll(workers);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // The host is stopping: the state was persisted at its last change.
        }
    }

    private async Task StartMonitorAsync(CancellationToken cancellationToken)
    {
        var cash = await ReadWalletUntilAsync(cancellationToken);
        var now = _time.GetUtcNow();
        var open = (await _log.StrategyPositionsAsync(new StrategyPositionQuery(StrategyPositionFilter.Open), cancellationToken))
            .Where(p => _dispatchers.ContainsKey((p.Venue, p.Account)))
            .ToList();
        // Before any tick a position is valued at its entry: no unrealized PnL to take off the reading.
        var wallet = cash;
        var stored = await _log.ReadRiskStateAsync(RiskMonitorOptions.StateName, cancellationToken);
        var state = stored is null ? RiskMonitorState.Start(now, wallet) : RiskStateJson.Read(stored.State);
        _savedState = stored?.State;
        var monitor = new RiskMonitor(_options.Settings, state, wallet, RiskMarkets.For(_spotAccounts));
        foreach (var refused in await RefusedLevelsAsync(cancellationToken))
        {
            _levelsWanted.Add(refused);
        }

        foreach (var position in open)
        {
            _owners[position.StrategyPositionId] = (position.Venue, position.Account);
            Track(monitor, position, now);
        }

        // Positions tracked again after a restart are not news: their PositionOpened was journalled when they opened.
        _output.Clear();
        _monitor = monitor;
        _lastTick = now;
        _operator = OperatorSwitch.Read(await _log.ReadRiskStateAsync(OperatorSwitch.Name, cancellationToken));
        await PersistAsync([], force: true, cancellationToken);
        _gate.Set(OperatorSwitch.Stricter(monitor.Gate, _operator));
        WatchSymbols();
        var watching = string.Join(',', _watched);
        RiskLog.Started(_logger, wallet, monitor.Gate, state.Breaker.Halted, monitor.OpenCount, watching);
        _ready.TrySetResult();
    }

    private async Task StepAsync(Input input, CancellationToken cancellationToken)
    {
        var monitor = _monitor!;
        _output.Clear();
        var now = _time.GetUtcNow();
        switch (input.Kind)
        {
            case InputKind.Candle:
                monitor.OnCandle(input.Market!, input.Candle);
                return;
            case InputKind.WatchLevels:
                var (venue, account, id) = input.Levels!.Value;
                if (_dispatchers.ContainsKey((venue, account)) && _levelsWanted.Add((venue, account, id)))
                {
                    RiskLog.LevelsWatched(_logger, id, venue, account);
                    foreach (var p in monitor.OpenPositions().Where(p => p.Position.Venue == venue && p.Position.Account == account && p.Position.StrategyPositionId == id))
                    {
                        monitor.WatchLevels(venue, account, p.Position.Symbol, id, now, _output);
                    }
                }

                break;
            case InputKind.Tick:
                _lastTick = now > _lastTick ? now : _lastTick;
                var tick = input.Tick with { At = _lastTick };
                monitor.OnTick(tick, _output);
                _ticks++;
                if (_output.IsEmpty)
                {
                    TickDecided(input);
                    return;
                }

                await HandleAsync(monitor, cancellationToken);
                TickDecided(input);
                return;
            case InputKind.Report:
                var spotChanged = false;
                foreach (var change in input.Report!.Attribution)
                {
                    var p = change.Position;
                    if (_dispatchers.ContainsKey((p.Venue, p.Account)))
                    {
                        _owners[p.StrategyPositionId] = (p.Venue, p.Account);
                        Track(monitor, p, now);
                        spotChanged |= _spotAccounts.Contains((p.Venue, p.Account));
                    }
                }

                if (spotChanged)
                {
                    // A fresh reading, taken after this fill, values it at market.
                    _walletNow.Writer.TryWrite(true);
                }

                WatchSymbols();
                break;
            case InputKind.Timer:
                monitor.OnTime(now, _output);
                break;
            case InputKind.Wallet:
                monitor.UpdateWallet(input.Wallet - SpotUnrealized(monitor));
                return;
            case InputKind.Poll:
                await RequestsAsync(monitor, now, cancellationToken);
                break;
            case InputKind.Stats:
                var e = monitor.LastEvaluation;
                RiskLog.Stats(_logger, _ticks, _evaluations, _events, _exitCount, _options.StatsInterval, e?.Health.Total, e?.Drawdown, monitor.Gate, monitor.OpenCount, _log.Changes.Dropped);
                _ticks = _evaluations = _events = _exitCount = 0;
                return;
        }

        await HandleAsync(monitor, cancellationToken);
    }

    private void TickDecided(Input tick) => Metrics?.TickDecided(_time.GetElapsedTime(tick.Received));

    /// <summary>The CLI's pending requests: <c>reset</c> clears the halt, <c>close</c> force-closes an id or key.</summary>
    private async Task RequestsAsync(RiskMonitor monitor, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var request in await _log.ReadRiskRequestsAsync(pendingOnly: true, cancellationToken))
        {
            string outcome;
            switch (request.Kind)
            {
                case RiskRequestKinds.Reset:
                    var halted = monitor.State.Breaker.Halted;
                    monitor.ResetHalt();
                    outcome = halted ? "halt cleared" : "not halted";
                    break;
                case RiskRequestKinds.Close:
                    var count = 0;
                    foreach (var (venue, account) in _dispatchers.Keys)
                    {
                        count += monitor.ForceClose(venue, account, request.Target ?? "", now, _output);
                    }

                    outcome = count == 0 ? "no open strategy position matches" : $"closing {count} strategy position(s)";
                    break;
                case RiskRequestKinds.StopEntries or RiskRequestKinds.Stop or RiskRequestKinds.Start:
                    // The stored switch is the truth (requests may arrive out of order after a restart): read it again.
                    _operator = OperatorSwitch.Read(await _log.ReadRiskStateAsync(OperatorSwitch.Name, cancellationToken));
                    outcome = $"operator switch {_operator}";
                    break;
                default:
                    outcome = $"unknown request kind {request.Kind}";
                    break;
            }

            // Persist what the request changed before marking it done, so a crash in between repeats it (harmless).
            await HandleAsync(monitor, cancellationToken);
            _output.Clear();
            await _log.CompleteRiskRequestAsync(request.Id, outcome, cancellationToken);
            RiskLog.Request(_logger, request.Id, request.Kind, request.Target, outcome);
        }
    }

    private async Task HandleAsync(RiskMonitor monitor, CancellationToken cancellationToken)
    {
        var events = new List<StoredRiskEvent>(_output.Events.Count);
        foreach (var e in _output.Events)
        {
            (string Venue, string Account)? owner = e.StrategyPositionId is { } id && _owners.TryGetValue(id, out var o) ? o : null;
            events.Add(new StoredRiskEvent(0, e.At, e.Type.ToString(), owner?.Venue, owner?.Account, e.StrategyPositionId, e.ExchangePositionKey, e.Price, e.Reason?.ToCloseReason().ToWireName(), e.Detail));
        }

        _evaluations += _output.Evaluations.Count;
        await PersistAsync(events, force: _output.Evaluations.Count > 0 || _output.Exits.Count > 0, cancellationToken);
        _gate.Set(OperatorSwitch.Stricter(monitor.Gate, _operator));
        _events += events.Count;
        foreach (var e in events)
        {
            if (e.Type is not (nameof(RiskEventType.PositionUpdated) or nameof(RiskEventType.PositionOpened) or nameof(RiskEventType.PositionClosed)))
            {
                RiskLog.Event(_logger, e.Type, e.StrategyPositionId, e.Key, e.Price, e.Detail);
            }

        }

        foreach (var exit in _output.Exits)
        {
            _exitCount++;
            _exits.Writer.TryWrite((exit, 0));
        }
    }

    /// <summary>Journals the events and, when it changed (or <paramref name="force"/>), the state and status, in one transaction.</summary>
    private async Task PersistAsync(List<StoredRiskEvent> events, bool force, CancellationToken cancellationToken)
    {
        var monitor = _monitor!;
        var now = _time.GetUtcNow();
        var state = RiskStateJson.Write(monitor.State);
        var changed = state != _savedState || force || events.Count > 0;
        StoredRiskState? row = null;
        if (changed)
        {
            var status = RiskStateJson.Status(monitor, now);
            _status = status;
            row = new StoredRiskState(RiskMonitorOptions.StateName, state, RiskStateJson.Write(status), now);
        }

        await _log.JournalRiskAsync(events, row, cancellationToken);
        _savedState = state;
    }

    /// <summary>Tracks a snapshot; an open one of a spot account, or whose levels the venue refused, has its TP/SL watched.</summary>
    private void Track(RiskMonitor monitor, StrategyPosition p, DateTimeOffset now)
    {
        monitor.Track(p, now, _output);
        var key = (p.Venue, p.Account, p.StrategyPositionId);
        if (p.Status == StrategyPositionStatus.Closed)
        {
            _levelsWanted.Remove(key);
        }
        else if ((p.TakeProfitPrice is not null || p.StopLossPrice is not null)
            && (_spotAccounts.Contains((p.Venue, p.Account)) || _levelsWanted.Contains(key)))
        {
            monitor.WatchLevels(p.Venue, p.Account, p.Symbol, p.StrategyPositionId, now, _output);
        }
    }

    /// <summary>
    /// The open spot strategy positions' unrealized PnL at the monitor's last prices (entry before any tick): the spot
    /// reading holds them at market already, and the monitor adds every position's unrealized PnL to the wallet.
    /// </summary>
    private decimal SpotUnrealized(RiskMonitor monitor) =>
        _spotAccounts.Count == 0 ? 0m : monitor.OpenPositions().Where(p => IsSpotInWalletAsset(p.Position)).Sum(p => p.Position.UnrealizedPnl(p.LastPrice ?? p.Position.EntryPrice));

    /// <summary>A spot position held in the wallet reading: quoted in the asset the wallet is read in.</summary>
    private bool IsSpotInWalletAsset(StrategyPosition p) =>
        _spotAccounts.Contains((p.Venue, p.Account)) && string.Equals(p.Instrument.QuoteAsset, _options.WalletAsset, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The open strategy positions of the accounts run here whose latest take-profit or stop-loss intent stands
    /// rejected: the venue does not hold that level.
    /// </summary>
    private async Task<IEnumerable<(string Venue, string Account, string Id)>> RefusedLevelsAsync(CancellationToken cancellationToken)
    {
        var intents = await _log.ReadIntentsAsync(null, null, [OrderIntentStatus.Rejected, OrderIntentStatus.Pending, OrderIntentStatus.Sent], cancellationToken);
        return intents
            .Where(i => i.Kind is OrderIntentKind.TakeProfitMarket or OrderIntentKind.StopMarket && i.Purpose is OrderPurpose.ExitPosition && _dispatchers.ContainsKey((i.Venue, i.Account)))
            .GroupBy(i => (i.Venue, i.Account, Id: ((OrderPurpose.ExitPosition)i.Purpose).StrategyPositionId, i.Kind))
            .Where(g => g.MaxBy(i => i.CreatedAt)!.Status == OrderIntentStatus.Rejected)
            .Select(g => (g.Key.Venue, g.Key.Account, g.Key.Id))
            .Distinct();
    }

    /// <summary>Restarts the feed when the markets to watch changed (open positions' markets plus the configured symbols).</summary>
    private void WatchSymbols()
    {
        var market = RiskMarkets.For(_spotAccounts);
        var symbols = _monitor!.OpenPositions().Select(p => market(p.Position))
            .Concat(_options.Symbols.Select(s => s.ToUpperInvariant()))
            .Select(s => RiskMarkets.IsSpot(s) ? RiskMarkets.Spot(RiskMarkets.SymbolOf(s).ToUpperInvariant()) : s.ToUpperInvariant())
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToArray();
        if (!symbols.SequenceEqual(_watched))
        {
            _watched = symbols;
            _symbolSets.Writer.TryWrite(symbols);
        }
    }

    private async Task FeedLoopAsync(CancellationToken cancellationToken)
    {
        CancellationTokenSource? current = null;
        Task? pump = null;
        try
        {
            await foreach (var symbols in _symbolSets.Reader.ReadAllAsync(cancellationToken))
            {
                if (current is not null)
                {
                    await current.CancelAsync();
                    await pump!;
                    current.Dispose();
                    current = null;
                }

                if (symbols.Length > 0)
                {
                    current = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                    pump = PumpAsync(symbols, current.Token);
                }
            }
        }
        finally
        {
            if (current is not null)
            {
                await current.CancelAsync();
                await pump!;
                current.Dispose();
            }
        }
    }

    private async Task PumpAsync(string[] symbols, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await foreach (var e in _feed.ReadAsync(symbols, cancellationToken))
                {
                    switch (e)
                    {
                        case RiskMarketEvent.Tick tick:
                            _inputs.Writer.TryWrite(new Input(InputKind.Tick, tick.Value, null, 0m, _time.GetTimestamp()));
                            break;
                        case RiskMarketEvent.BackFilled candle:
                            _inputs.Writer.TryWrite(new Input(InputKind.Candle, default, null, 0m) { Market = candle.Market, Candle = candle.Candle });
                            break;
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                RiskLog.FeedFailed(_logger, string.Join(',', symbols), e);
                try
                {
                    await Task.Delay(_options.RequestPollInterval, _time, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private async Task ExitLoopAsync(CancellationToken cancellationToken)
    {
        await foreach (var (exit, attempt) in _exits.Reader.ReadAllAsync(cancellationToken))
        {
            string outcome;
            if (!_dispatchers.TryGetValue((exit.Venue, exit.Account), out var dispatcher))
            {
                outcome = "no dispatcher runs this account";
            }
            else
            {
                try
                {
                    outcome = await dispatcher.ExitPositionAsync(exit.StrategyPositionId, exit.CloseReason, cancellationToken) is { } clientOrderId
                        ? $"reduce-only market order {clientOrderId}"
                        : "not open any more, or an exit is already working";
                }
                catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    var delay = ExitRetryDelay(attempt);
                    outcome = $"failed: {e.Message}; trying again in {delay}";
                    _ = RetryExitAsync(exit, attempt + 1, delay, cancellationToken);
                }
            }

            RiskLog.Exit(_logger, exit.StrategyPositionId, exit.Venue, exit.Account, exit.Symbol, exit.CloseReason.ToWireName(), outcome);
        }
    }

    /// <summary>The wait before attempt <paramref name="attempt"/> + 1: the base delay doubled per failed attempt, capped.</summary>
    private TimeSpan ExitRetryDelay(int attempt)
    {
        var delay = _options.ExitRetryDelay;
        for (var i = 0; i < attempt && delay < _options.ExitRetryMaxDelay; i++)
        {
            delay *= 2;
        }

        return delay < _options.ExitRetryMaxDelay ? delay : _options.ExitRetryMaxDelay;
    }

    private async Task RetryExitAsync(RiskExit exit, int attempt, TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, _time, cancellationToken);
            _exits.Writer.TryWrite((exit, attempt));
        }
        catch (OperationCanceledException)
        {
            // Stopping: the exit is asked for again after a restart if its rule still holds.
        }
    }

    private async Task WalletLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(_options.WalletInterval, _time);
        var tick = timer.WaitForNextTickAsync(cancellationToken).AsTask();
        var now = _walletNow.Reader.WaitToReadAsync(cancellationToken).AsTask();
        while (true)
        {
            var woke = await Task.WhenAny(tick, now);
            if (!await woke)
            {
                return;
            }

            if (woke == tick)
            {
                tick = timer.WaitForNextTickAsync(cancellationToken).AsTask();
            }
            else
            {
                _walletNow.Reader.TryRead(out _);
                now = _walletNow.Reader.WaitToReadAsync(cancellationToken).AsTask();
            }

            try
            {
                _inputs.Writer.TryWrite(new Input(InputKind.Wallet, default, null, await _wallet.WalletAsync(cancellationToken)));
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                RiskLog.WalletFailed(_logger, e);
            }
        }
    }

    private async Task<decimal> ReadWalletUntilAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return await _wallet.WalletAsync(cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                RiskLog.WalletFailed(_logger, e);
                await Task.Delay(_options.WalletInterval, _time, cancellationToken);
            }
        }
    }

    private async Task EveryAsync(TimeSpan interval, InputKind kind, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval, _time);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                _inputs.Writer.TryWrite(new Input(kind, default, null, 0m));
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private enum InputKind
    {
        Tick,
        Candle,
        WatchLevels,
        Report,
        Timer,
        Wallet,
        Poll,
        Stats,
    }

    /// <param name="Received">When a tick was taken from the feed (<see cref="TimeProvider.GetTimestamp"/>).</param>
    private readonly record struct Input(InputKind Kind, RiskTick Tick, IngestReport? Report, decimal Wallet, long Received = 0)
    {
        /// <summary>A back-filled candle's market and the candle.</summary>
        public string? Market { get; init; }

        public Candle Candle { get; init; }

        /// <summary>The position whose levels the venue does not hold.</summary>
        public (string Venue, string Account, string Id)? Levels { get; init; }
    }
}

/// <summary>The kinds of <c>risk_requests</c> rows.</summary>
public static class RiskRequestKinds
{
    /// <summary>Force close of a strategy position id or exchange position key (<c>tally close</c>).</summary>
    public const string Close = "close";

    /// <summary>Clear the breaker's halt (<c>tally risk reset</c>).</summary>
    public const string Reset = "reset";

    /// <summary>The operator's switch set to StopNewEntries (<c>/stopentry</c>); the stored <see cref="OperatorSwitch"/> row is read again.</summary>
    public const string StopEntries = "stop_entries";

    /// <summary>The operator's switch set to StopAllTrading (<c>/stop</c>).</summary>
    public const string Stop = "stop";

    /// <summary>The operator's switch cleared (<c>/start</c>).</summary>
    public const string Start = "start";
}
