using System.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;
using Tally.Core;
using Tally.Core.Attribution;
using Tally.Engine.Dispatch;
using Tally.Storage;
using Tally.Storage.Live;

namespace Tally.Engine.Metrics;

/// <summary>
/// What the fill log's committed changes (<see cref="FillLog.Changes"/>) say, as instruments on the <c>Tally</c>
/// meter: fills ingested per account, exchange positions opened and closed per side (DESIGN.md §7's
/// <c>tradeengine_positions_opened_total{position_side}</c>) with their realized PnL, open positions and hedges,
/// and per strategy its closed trades, realized PnL, holding time and open positions (docs/METRICS.md lists them).
/// </summary>
/// <remarks>
/// Counts start at this process's start (Prometheus counters do); the gauges of open positions start from the store.
/// The change feed drops the oldest changes of a subscriber that falls 1024 behind: this one only counts, so it
/// never does in practice. Thread safe: <see cref="Apply"/> runs on the service's task, gauges read under a lock.
/// </remarks>
public sealed class LedgerMetrics : BackgroundService
{
    private readonly FillLog _log;
    private readonly Meter _meter;
    private readonly Counter<long> _fills;
    private readonly Counter<long> _opened;
    private readonly Counter<long> _closed;
    private readonly UpDownCounter<double> _positionPnl;
    private readonly Counter<long> _trades;
    private readonly UpDownCounter<double> _strategyPnl;
    private readonly Histogram<double> _duration;
    private readonly Lock _lock = new();

    // Open exchange positions by key, with the direction they hold.
    private readonly Dictionary<PositionKey, PositionDirection> _open = [];

    // Open strategy positions by id (the latest snapshot), and every strategy and side seen (reported at 0 when none is open).
    private readonly Dictionary<string, StrategyPosition> _strategies = new(StringComparer.Ordinal);
    private readonly HashSet<(string Strategy, PositionDirection Side)> _seen = [];
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private System.Threading.Channels.ChannelReader<LogChange>? _changes;

    /// <param name="meters">The host's factory; null creates a meter of its own.</param>
    public LedgerMetrics(FillLog log, IMeterFactory? meters = null)
    {
        ArgumentNullException.ThrowIfNull(log);
        _log = log;
        _meter = meters?.Create(DispatchMetrics.MeterName) ?? new Meter(DispatchMetrics.MeterName);
        _fills = _meter.CreateCounter<long>("tradeengine_fills_ingested_total", description: "New fills committed to the log, by venue and account.");
        _opened = _meter.CreateCounter<long>("tradeengine_positions_opened_total", description: "Exchange positions opened (a flip opens one too), by position_side.");
        _closed = _meter.CreateCounter<long>("tradeengine_positions_closed_total", description: "Exchange position cycles closed (a flip closes one too), by position_side and result (win, loss, even: the cycle's realized PnL).");
        _positionPnl = _meter.CreateUpDownCounter<double>("tradeengine_position_realized_pnl", description: "Realized price PnL of exchange positions (the ledger's weighted average), by position_side, in the settlement asset.");
        _trades = _meter.CreateCounter<long>("tradeengine_strategy_trades_total", description: "Strategy positions closed, by strategy_id, close_reason and result (win, loss, even: its realized PnL).");
        _strategyPnl = _meter.CreateUpDownCounter<double>("tradeengine_strategy_realized_pnl", description: "Realized price PnL attributed to each strategy_id (every exit of its positions), in the settlement asset.");
        _duration = _meter.CreateHistogram<double>(
            "tradeengine_strategy_position_duration",
            unit: "s",
            description: "Time from a strategy position's entry to its close, by strategy_id.",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [60, 300, 900, 1800, 3600, 4 * 3600, 12 * 3600, 24 * 3600, 3 * 24 * 3600, 7 * 24 * 3600] });
        _meter.CreateObservableGauge("tradeengine_open_positions", OpenPositions, description: "Exchange positions open now, by position_side.");
        _meter.CreateObservableGauge("tradeengine_hedged_symbols", Hedged, description: "Symbols (per account) with a long and a short position open at once (hedge mode).");
        _meter.CreateObservableGauge("tradeengine_strategy_open_positions", StrategyOpen, description: "Strategy positions open now, by strategy_id and position_side.");
        _meter.CreateObservableGauge("tradeengine_shared_positions", Shared, description: "Open exchange positions built by more than one strategy now.");
    }

    /// <summary>The meter its instruments are on.</summary>
    public Meter Meter => _meter;

    /// <summary>Completes once the open positions are read from the store and the feed is subscribed.</summary>
    public Task Ready => _ready.Task;

    public override void Dispose()
    {
        _meter.Dispose();
        base.Dispose();
    }

    /// <summary>Counts what one committed change did (called by the service for every change; public for tests).</summary>
    public void Apply(LogChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        if (change is not FillsCommitted { Report: var report })
        {
            return;
        }

        lock (_lock)
        {
            foreach (var effect in report.Positions)
            {
                Apply(effect);
            }

            foreach (var change1 in report.Attribution)
            {
                Apply(change1);
            }
        }
    }

    /// <summary>
    /// Subscribes to the change feed, then reads the open positions: registered before the accounts' services (hosted
    /// services start in order), it sees every fill the host writes.
    /// </summary>
    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        _changes = _log.Changes.Subscribe();
        var positions = await _log.PositionsAsync(null, cancellationToken);
        var strategies = await _log.StrategyPositionsAsync(new StrategyPositionQuery(StrategyPositionFilter.Open), cancellationToken);
        Seed(positions, strategies);
        _ready.TrySetResult();
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var changes = _changes!;
        try
        {
            await foreach (var change in changes.ReadAllAsync(stoppingToken))
            {
                Apply(change);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
        finally
        {
            _log.Changes.Unsubscribe(changes);
        }
    }

    /// <summary>The open positions as the store has them when the service starts (public for tests).</summary>
    public void Seed(IEnumerable<Position> positions, IEnumerable<StrategyPosition> strategies)
    {
        ArgumentNullException.ThrowIfNull(positions);
        ArgumentNullException.ThrowIfNull(strategies);
        lock (_lock)
        {
            foreach (var position in positions.Where(p => p.IsOpen))
            {
                _open[position.Key] = position.Direction;
            }

            foreach (var strategy in strategies.Where(s => s.Status != StrategyPositionStatus.Closed))
            {
                _strategies[strategy.StrategyPositionId] = strategy;
                _seen.Add((strategy.StrategyId, strategy.Side));
            }
        }
    }

    private void Apply(PositionEffect effect)
    {
        var fill = effect.Fill;
        _fills.Add(1, Tag("venue", fill.Venue), Tag("account", fill.Account));
        var (opened, reduced) = effect.Action switch
        {
            PositionAction.LongOpened => (PositionDirection.Long, PositionDirection.Flat),
            PositionAction.ShortOpened => (PositionDirection.Short, PositionDirection.Flat),
            PositionAction.LongIncreased => (PositionDirection.Flat, PositionDirection.Flat),
            PositionAction.ShortIncreased => (PositionDirection.Flat, PositionDirection.Flat),
            PositionAction.LongReduced or PositionAction.LongClosed => (PositionDirection.Flat, PositionDirection.Long),
            PositionAction.ShortReduced or PositionAction.ShortClosed => (PositionDirection.Flat, PositionDirection.Short),
            PositionAction.LongClosedAndShortOpened => (PositionDirection.Short, PositionDirection.Long),
            PositionAction.ShortClosedAndLongOpened => (PositionDirection.Long, PositionDirection.Short),
        };
        if (reduced != PositionDirection.Flat)
        {
            _positionPnl.Add((double)effect.RealizedPnl, Side(reduced));
        }

        if (effect.ClosedCycle is { } cycle)
        {
            _closed.Add(1, Side(cycle.Side), Tag("result", Result(cycle.RealizedPnl)));
        }

        if (opened != PositionDirection.Flat)
        {
            _opened.Add(1, Side(opened));
        }

        if (effect.SignedQuantityAfter == 0m)
        {
            _open.Remove(fill.Key);
        }
        else
        {
            _open[fill.Key] = effect.SignedQuantityAfter > 0m ? PositionDirection.Long : PositionDirection.Short;
        }
    }

    private void Apply(AttributionChange change)
    {
        var after = change.Position;
        var strategy = Tag("strategy_id", after.StrategyId);
        _seen.Add((after.StrategyId, after.Side));
        var before = _strategies.TryGetValue(after.StrategyPositionId, out var known) ? known.RealizedPnl : 0m;
        if (after.RealizedPnl != before)
        {
            _strategyPnl.Add((double)(after.RealizedPnl - before), strategy);
        }

        switch (change.Event)
        {
            case StrategyPositionEvent.Opened:
            case StrategyPositionEvent.Increased:
            case StrategyPositionEvent.Reduced:
                _strategies[after.StrategyPositionId] = after;
                break;
            case StrategyPositionEvent.Closed:
                _strategies.Remove(after.StrategyPositionId);
                var reason = (after.CloseReason ?? CloseReason.Manual).ToWireName();
                _trades.Add(1, strategy, Tag("close_reason", reason), Tag("result", Result(after.RealizedPnl)));
                if (after is { EntryTime: { } entered, ExitTime: { } exited })
                {
                    _duration.Record(Math.Max(0d, (exited - entered).TotalSeconds), strategy);
                }

                break;
        }
    }

    private IEnumerable<Measurement<long>> OpenPositions()
    {
        lock (_lock)
        {
            var longs = _open.Values.Count(d => d == PositionDirection.Long);
            var shorts = _open.Values.Count(d => d == PositionDirection.Short);
            return [new Measurement<long>(longs, Side(PositionDirection.Long)), new Measurement<long>(shorts, Side(PositionDirection.Short))];
        }
    }

    private long Hedged()
    {
        lock (_lock)
        {
            return _open.GroupBy(o => (o.Key.Venue, o.Key.Account, o.Key.Symbol))
                .Count(g => g.Any(o => o.Value == PositionDirection.Long) && g.Any(o => o.Value == PositionDirection.Short));
        }
    }

    private IEnumerable<Measurement<long>> StrategyOpen()
    {
        lock (_lock)
        {
            return [.. _seen.Select(s => new Measurement<long>(
                _strategies.Values.Count(p => p.StrategyId == s.Strategy && p.Side == s.Side),
                Tag("strategy_id", s.Strategy),
                Side(s.Side)))];
        }
    }

    private long Shared()
    {
        lock (_lock)
        {
            return _strategies.Values.GroupBy(p => p.Key).Count(g => g.Select(p => p.StrategyId).Distinct(StringComparer.Ordinal).Skip(1).Any());
        }
    }

    private static KeyValuePair<string, object?> Side(PositionDirection direction) => Tag("position_side", direction switch
    {
        PositionDirection.Long => "long",
        PositionDirection.Short => "short",
        PositionDirection.Flat => "flat",
    });

    private static string Result(decimal pnl) => pnl > 0m ? "win" : pnl < 0m ? "loss" : "even";

    private static KeyValuePair<string, object?> Tag(string name, string value) => new(name, value);
}
