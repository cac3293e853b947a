using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Tally.Api.Json;
using Tally.Api.Security;
using Tally.Core.Attribution;

namespace Tally.Api.Queries;

/// <summary>
/// The attribution's read endpoints, one group per feature: <c>/api/strategies</c>, <c>/api/strategy-positions</c>,
/// <c>/api/contributions</c>, <c>/api/exchange-positions</c>. Each answers one object with one array, written by
/// <see cref="AttributionJson"/>: the same fields as <c>tally replay --json</c> (DESIGN.md §3's column names,
/// decimals as strings). Unrealized PnL is null: the store keeps no mark prices.
/// </summary>
public static class AttributionApi
{
    private static readonly Func<string, decimal?> NoMarks = _ => null;

    public static void MapAttributionApi(this IEndpointRouteBuilder routes)
    {
        var reads = new TokenFilter(forWrites: false);
        routes.MapGroup("/api/strategies").WithTags("strategies").AddEndpointFilter(reads)
            .MapGet("/", StrategiesAsync).WithName("ListStrategies").WithSummary("Per strategy: positions, TP/SL hits, win rate, PnL, profit factor, expectancy.");
        routes.MapGroup("/api/strategy-positions").WithTags("strategy-positions").AddEndpointFilter(reads)
            .MapGet("/", StrategyPositionsAsync).WithName("ListStrategyPositions").WithSummary("Strategy positions; status=open (open or partial), partial, closed or all; strategy_id=S for one strategy's.");
        routes.MapGroup("/api/contributions").WithTags("contributions").AddEndpointFilter(reads)
            .MapGet("/", ContributionsAsync).WithName("ListContributions").WithSummary("Contributions; exchange_position_key=BTCUSDT_LONG for one exchange position's.");
        routes.MapGroup("/api/exchange-positions").WithTags("exchange-positions").AddEndpointFilter(reads)
            .MapGet("/", ExchangePositionsAsync).WithName("ListExchangePositions").WithSummary("Exchange positions with the strategies that built them.");
    }

    private static async Task<JsonDocumentResult> StrategiesAsync([FromServices] IApiQueries queries, CancellationToken cancellationToken)
    {
        var strategies = await queries.StrategiesAsync(cancellationToken);
        return new JsonDocumentResult(json => AttributionJson.WriteStrategies(json, strategies));
    }

    private static async Task<Results<JsonDocumentResult, ProblemHttpResult>> StrategyPositionsAsync(
        [FromServices] IApiQueries queries, string? status, [FromQuery(Name = "strategy_id")] string? strategyId, CancellationToken cancellationToken)
    {
        IReadOnlySet<StrategyPositionStatus>? statuses = status?.Trim().ToLowerInvariant() switch
        {
            null or "" or "all" => null,
            "open" => new HashSet<StrategyPositionStatus> { StrategyPositionStatus.Open, StrategyPositionStatus.Partial },
            "partial" => new HashSet<StrategyPositionStatus> { StrategyPositionStatus.Partial },
            "closed" => new HashSet<StrategyPositionStatus> { StrategyPositionStatus.Closed },
            _ => new HashSet<StrategyPositionStatus>(),
        };
        if (statuses is { Count: 0 })
        {
            return QueryProblem.Of("status", status!, "is not open, partial, closed or all");
        }

        var positions = await queries.StrategyPositionsAsync(statuses, string.IsNullOrWhiteSpace(strategyId) ? null : strategyId.Trim(), cancellationToken);
        return new JsonDocumentResult(json => AttributionJson.WriteStrategyPositions(json, positions, NoMarks));
    }

    private static async Task<JsonDocumentResult> ContributionsAsync(
        [FromServices] IApiQueries queries, [FromQuery(Name = "exchange_position_key")] string? exchangePositionKey, CancellationToken cancellationToken)
    {
        var contributions = await queries.ContributionsAsync(string.IsNullOrWhiteSpace(exchangePositionKey) ? null : exchangePositionKey.Trim().ToUpperInvariant(), cancellationToken);
        return new JsonDocumentResult(json => AttributionJson.WriteContributions(json, contributions));
    }

    private static async Task<JsonDocumentResult> ExchangePositionsAsync([FromServices] IApiQueries queries, CancellationToken cancellationToken)
    {
        var positions = await queries.ExchangePositionsAsync(cancellationToken);
        return new JsonDocumentResult(json => AttributionJson.WriteExchangePositions(json, positions));
    }
}
