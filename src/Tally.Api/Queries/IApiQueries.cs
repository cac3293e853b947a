using Tally.Core.Attribution;
using Tally.Storage;

namespace Tally.Api.Queries;

/// <summary>
/// What the query endpoints read: the store's attribution and signal tables. <see cref="FillLogQueries"/> reads
/// them from the fill log; tests give canned rows.
/// </summary>
public interface IApiQueries
{
    Task<IReadOnlyList<StrategySummary>> StrategiesAsync(CancellationToken cancellationToken);

    /// <param name="statuses">The statuses to keep; null for every one.</param>
    /// <param name="strategyId">One strategy's; null for every strategy's.</param>
    Task<IReadOnlyList<StrategyPosition>> StrategyPositionsAsync(IReadOnlySet<StrategyPositionStatus>? statuses, string? strategyId, CancellationToken cancellationToken);

    /// <param name="exchangePositionKey">One exchange position's (<c>BTCUSDT_LONG</c>); null for every one.</param>
    Task<IReadOnlyList<Contribution>> ContributionsAsync(string? exchangePositionKey, CancellationToken cancellationToken);

    Task<IReadOnlyList<ExchangePosition>> ExchangePositionsAsync(CancellationToken cancellationToken);

    /// <summary>Stored signals with their decisions, oldest first.</summary>
    Task<IReadOnlyList<StoredSignal>> SignalsAsync(string? venue, string? account, string? symbol, DateTimeOffset? since, CancellationToken cancellationToken);
}
