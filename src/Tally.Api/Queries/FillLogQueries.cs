using Tally.Core.Attribution;
using Tally.Storage;

namespace Tally.Api.Queries;

/// <summary>The query endpoints' reads on the fill log's attribution and signal tables (as of its last commit).</summary>
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
}
