using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Tally.Api.Json;
using Tally.Api.Positions;
using Tally.Api.Queries;
using Tally.Api.Security;
using Tally.Engine.Risk;

namespace Tally.Api.Risk;

/// <summary>
/// <c>/api/risk</c>: the risk monitor's status (the JSON of <c>tally risk status --json</c>) and the reset of the
/// drawdown breaker's halt (token, rate-limited; <see cref="OperatorActions.ResetHaltAsync"/> as <c>tally risk
/// reset</c>); <c>/api/events</c>: its journal.
/// </summary>
public static class RiskApi
{
    public static void MapRiskApi(this IEndpointRouteBuilder routes)
    {
        var risk = routes.MapGroup("/api/risk").WithTags("risk");
        risk.MapGet("/", StatusAsync)
            .WithName("RiskStatus")
            .WithSummary("The risk monitor as it last stored it: health score and its four parts, breaker level and halt, gate, every open strategy position's stop. 404 before its first start.")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .AddEndpointFilter(new TokenFilter(forWrites: false));
        risk.MapPost("/reset", ResetAsync)
            .WithName("ResetHalt")
            .WithSummary("Clear the drawdown breaker's halt (StopAllTrading), audited; a running engine re-opens entries at its next request poll. 202 cleared, 200 not halted, 409 no risk state stored.")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .TokenWrite();
        routes.MapGroup("/api/events").WithTags("events").AddEndpointFilter(new TokenFilter(forWrites: false))
            .MapGet("/", EventsAsync)
            .WithName("ListRiskEvents")
            .WithSummary("Journalled risk events with an id above after (default 0): the newest limit (default 100, at most 1000), oldest first.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized);
    }

    private static async Task<Results<JsonDocumentResult, ProblemHttpResult>> StatusAsync([FromServices] IApiQueries queries, CancellationToken cancellationToken)
    {
        if (await queries.RiskStatusAsync(cancellationToken) is not { } status)
        {
            return TypedResults.Problem(
                "no risk state stored yet (tally run has not started the risk monitor on this store)",
                statusCode: StatusCodes.Status404NotFound,
                title: "No risk status");
        }

        return new JsonDocumentResult(json => RiskJson.WriteStatus(json, status));
    }

    private static async Task<Results<Accepted<ResetResponse>, Ok<ResetResponse>, ProblemHttpResult>> ResetAsync(HttpContext http, CancellationToken cancellationToken)
    {
        if (http.RequestServices.GetService<OperatorActions>() is not { } actions)
        {
            return PositionsApi.NoOperatorActions();
        }

        var outcome = await actions.ResetHaltAsync(PositionsApi.RequestedBy, cancellationToken);
        return outcome switch
        {
            OperatorOutcome.Requested => TypedResults.Accepted((string?)null, new ResetResponse("cleared", outcome.Message)),
            OperatorOutcome.Unchanged => TypedResults.Ok(new ResetResponse("not_halted", outcome.Message)),
            _ => TypedResults.Problem(outcome.Message, statusCode: StatusCodes.Status409Conflict, title: "Nothing to reset"),
        };
    }

    private static async Task<Results<JsonDocumentResult, ProblemHttpResult>> EventsAsync(
        [FromServices] IApiQueries queries, string? after, string? limit, CancellationToken cancellationToken)
    {
        if (QueryValues.Id("after", after, out var afterId) is { } wrongAfter)
        {
            return wrongAfter;
        }

        if (QueryValues.Limit(limit, out var count) is { } wrongLimit)
        {
            return wrongLimit;
        }

        var events = await queries.RiskEventsAsync(afterId, count, cancellationToken);
        return new JsonDocumentResult(json => RiskJson.WriteEvents(json, events));
    }
}
