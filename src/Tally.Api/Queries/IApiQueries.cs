using Tally.Core;
using Tally.Core.Attribution;
using Tally.Engine.Risk;
using Tally.Storage;

namespace Tally.Api.Queries;

/// <summary>
/// What the API, the dashboard and chat commands read: the ledger's positions, fills and cycles, the attribution and
/// signal tables, the risk monitor's status and journal. <see cref="FillLogQueries"/> reads them from the fill log;
/// tests give canned rows.
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

    /// <summary>
    /// The ledger's positions (venue, account, symbol, position side) as of the last commit, sorted by key, each with
    /// its mark: the latest price the engine knows for the symbol (<see cref="RiskStatusPosition.LastPrice"/> of the
    /// risk monitor's status), null when it knows none.
    /// </summary>
    Task<IReadOnlyList<MarkedPosition>> PositionsAsync(PositionFilter filter, CancellationToken cancellationToken);

    /// <summary>
    /// What <c>tally risk status</c> shows: the risk monitor's status as it last stored it (health score and its four
    /// parts, breaker and halt, gate, every open strategy position's stop and last price); null before its first start.
    /// </summary>
    Task<RiskStatus?> RiskStatusAsync(CancellationToken cancellationToken);

    /// <summary>Journalled risk events with an id above <paramref name="afterId"/>: the newest <paramref name="limit"/> of them, oldest first.</summary>
    Task<IReadOnlyList<StoredRiskEvent>> RiskEventsAsync(long afterId, int limit, CancellationToken cancellationToken);

    /// <summary>The newest <paramref name="limit"/> stored fills (one symbol's, one venue's, or all), newest first.</summary>
    Task<IReadOnlyList<StoredFill>> FillsAsync(string? symbol, string? venue, int limit, CancellationToken cancellationToken);

    /// <summary>The newest <paramref name="limit"/> closed cycles (one symbol's or all), by close time, newest first.</summary>
    Task<IReadOnlyList<CycleSummary>> CyclesAsync(string? symbol, int limit, CancellationToken cancellationToken);
}
