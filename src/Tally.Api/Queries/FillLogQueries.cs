using Tally.Core;
using Tally.Core.Attribution;
using Tally.Engine.Risk;
using Tally.Storage;

namespace Tally.Api.Queries;

/// <summary>The reads of <see cref="IApiQueries"/> on the fill log (as of its last commit), from this or any other process.</summary>
public sealed class FillLogQueries(FillLog log) : IApiQueries
{
    public Task<IReadOnlyList<StrategySummary>> StrategiesAsync(CancellationToken cancellationToken) =>
        log.StrategiesAsync(cancellationToken);

    public async Task<IReadOnlyList<StrategyPosition>> StrategyPositionsAsync(IReadOnlySet<StrategyPositionStatus>? statuses, string? strategyId, CancellationToken cancellationToken)
    {
        // The store filters by all / holding (open or partial) / closed; a narrower set is kept from the holding ones.
        var filter = statuses switch
        {
            null => StrategyPositionFilter.All,
            _ when statuses.Contains(StrategyPositionStatus.Closed) && statuses.Count > 1 => StrategyPositionFilter.All,
            _ when statuses.Contains(StrategyPositionStatus.Closed) => StrategyPositionFilter.Closed,
            _ => StrategyPositionFilter.Open,
        };
        var positions = await log.StrategyPositionsAsync(new StrategyPositionQuery(filter, strategyId), cancellationToken);
        return statuses is null ? positions : [.. positions.Where(p => statuses.Contains(p.Status))];
    }

    public Task<IReadOnlyList<Contribution>> ContributionsAsync(string? exchangePositionKey, CancellationToken cancellationToken) =>
        log.ContributionsAsync(exchangePositionKey, cancellationToken);

    public Task<IReadOnlyList<ExchangePosition>> ExchangePositionsAsync(CancellationToken cancellationToken) =>
        log.ExchangePositionsAsync(cancellationToken);

    public Task<IReadOnlyList<StoredSignal>> SignalsAsync(string? venue, string? account, string? symbol, DateTimeOffset? since, CancellationToken cancellationToken) =>
        log.ReadSignalsAsync(venue, account, symbol, since, cancellationToken);

    public async Task<IReadOnlyList<MarkedPosition>> PositionsAsync(PositionFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var positions = await log.PositionsAsync(null, cancellationToken);
        var marks = Marks.Of(await RiskStatusAsync(cancellationToken));
        return [.. positions
            .Where(p => !filter.OpenOnly || p.IsOpen)
            .Where(p => filter.Venue is not { } v || p.Key.Venue == v)
            .Where(p => filter.Symbol is not { } s || p.Key.Symbol == s)
            .Select(p => new MarkedPosition(p, marks.For(p.Key.Venue, p.Key.Symbol)))];
    }

    public async Task<RiskStatus?> RiskStatusAsync(CancellationToken cancellationToken) =>
        (await log.ReadRiskStateAsync(RiskMonitorOptions.StateName, cancellationToken))?.Status is { } json ? RiskStateJson.ReadStatus(json) : null;

    public async Task<IReadOnlyList<StoredRiskEvent>> RiskEventsAsync(long afterId, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var events = await log.ReadRiskEventsAsync(afterId, cancellationToken);
        return events.Count <= limit ? events : [.. events.Skip(events.Count - limit)];
    }

    public Task<IReadOnlyList<StoredFill>> FillsAsync(string? symbol, string? venue, int limit, CancellationToken cancellationToken) =>
        log.RecentTradesAsync(symbol, venue, limit, cancellationToken);

    public async Task<IReadOnlyList<CycleSummary>> CyclesAsync(string? symbol, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        var cycles = await log.ReadCyclesAsync(cancellationToken);
        return [.. cycles
            .Where(c => symbol is null || c.Key.Symbol == symbol)
            .OrderByDescending(c => c.ClosedAt)
            .ThenByDescending(c => c.Key.ToString(), StringComparer.Ordinal)
            .ThenByDescending(c => c.Number)
            .Take(limit)];
    }
}
