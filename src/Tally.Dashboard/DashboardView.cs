using Tally.Api.Queries;
using Tally.Core;
using Tally.Core.Attribution;
using Tally.Engine.Risk;
using Tally.Storage;

namespace Tally.Dashboard;

/// <summary>An exchange position with what the ledger says of it at the mark: unrealized PnL where a mark is known.</summary>
public sealed record ExchangeRow(ExchangePosition Position, decimal? Mark, decimal? UnrealizedPnl, decimal RealizedPnl, IReadOnlyList<Contribution> Contributions);

/// <summary>A strategy position with the risk monitor's current stop for it (the trailing stop when one is set).</summary>
public sealed record StrategyRow(StrategyPosition Position, decimal? CurrentStop);

/// <summary>One point of the equity curve: after a closed strategy position, its net PnL and the running total.</summary>
public sealed record CurvePoint(DateTimeOffset At, string StrategyPositionId, decimal TradePnl, decimal CumulativePnl);

/// <summary>Everything the page shows, read in one go through <see cref="IApiQueries"/>.</summary>
public sealed record DashboardView(
    IReadOnlyList<ExchangeRow> ExchangePositions,
    IReadOnlyList<StrategyRow> StrategyPositions,
    IReadOnlyList<StrategySummary> Strategies,
    IReadOnlyList<CurvePoint> Curve,
    RiskStatus? Risk,
    IReadOnlyList<StoredSignal> Signals,
    IReadOnlyList<StoredRiskEvent> RiskEvents,
    IReadOnlyList<StoredFill> Fills)
{
    /// <summary>How many signals, fills and risk events the page lists (the newest).</summary>
    public const int ListLimit = 50;

    public static DashboardView Empty { get; } = new([], [], [], [], null, [], [], []);

    public static async Task<DashboardView> ReadAsync(IApiQueries queries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(queries);
        var exchange = await queries.ExchangePositionsAsync(cancellationToken);
        var marked = await queries.PositionsAsync(PositionFilter.All, cancellationToken);
        var contributions = await queries.ContributionsAsync(null, cancellationToken);
        var positions = await queries.StrategyPositionsAsync(null, null, cancellationToken);
        var strategies = await queries.StrategiesAsync(cancellationToken);
        var risk = await queries.RiskStatusAsync(cancellationToken);
        var signals = await queries.SignalsAsync(null, null, null, null, cancellationToken);
        var events = await queries.RiskEventsAsync(0, ListLimit, cancellationToken);
        var fills = await queries.FillsAsync(null, null, ListLimit, cancellationToken);

        var stops = (risk?.Positions ?? []).ToDictionary(p => p.StrategyPositionId, p => p.Stop, StringComparer.Ordinal);
        var rows = exchange.Select(e =>
        {
            var ledger = marked.FirstOrDefault(m => m.Position.Key.Venue == e.Venue && m.Position.Key.Account == e.Account && m.Position.Key.Symbol == e.Symbol
                && (m.Position.Key.PositionSide == PositionSide.Both ? m.Position.Direction == e.Side : SideOf(m.Position.Key.PositionSide) == e.Side));
            var own = contributions.Where(c => c.Venue == e.Venue && c.Account == e.Account && c.ExchangePositionKey == e.ExchangePositionKey)
                .OrderBy(c => c.ContributionTime).ThenBy(c => c.PositionSequence).ToList();
            var open = e.IsOpen && ledger is not null && ledger.Position.IsOpen;
            return new ExchangeRow(e, ledger?.Mark, open ? ledger!.UnrealizedPnl : null, ledger?.Position.RealizedPnl ?? 0m, own);
        }).OrderByDescending(r => r.Position.IsOpen).ThenBy(r => r.Position.ExchangePositionKey, StringComparer.Ordinal).ToList();

        var strategyRows = positions
            .OrderByDescending(p => p.Status != StrategyPositionStatus.Closed)
            .ThenByDescending(p => p.EntryTime)
            .Select(p => new StrategyRow(p, p.Status == StrategyPositionStatus.Closed ? null : stops.GetValueOrDefault(p.StrategyPositionId)))
            .ToList();

        return new DashboardView(
            rows,
            strategyRows,
            strategies,
            CurveOf(positions),
            risk,
            [.. signals.Reverse().Take(ListLimit)],
            [.. events.Reverse()],
            fills);
    }

    /// <summary>Cumulative net PnL over closed strategy positions in closing order (ties by id), as the ratios count it.</summary>
    public static IReadOnlyList<CurvePoint> CurveOf(IEnumerable<StrategyPosition> positions)
    {
        ArgumentNullException.ThrowIfNull(positions);
        var total = 0m;
        var curve = new List<CurvePoint>();
        foreach (var p in positions.Where(p => p.Status == StrategyPositionStatus.Closed)
                     .OrderBy(p => p.ExitTime ?? p.EntryTime ?? DateTimeOffset.MinValue).ThenBy(p => p.StrategyPositionId, StringComparer.Ordinal))
        {
            total += p.NetPnl;
            curve.Add(new CurvePoint(p.ExitTime ?? p.EntryTime ?? DateTimeOffset.MinValue, p.StrategyPositionId, p.NetPnl, total));
        }

        return curve;
    }

    private static PositionDirection SideOf(PositionSide side) => side switch
    {
        PositionSide.Long => PositionDirection.Long,
        PositionSide.Short => PositionDirection.Short,
        PositionSide.Both => PositionDirection.Flat,
    };
}
