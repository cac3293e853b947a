using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Tally.Api.Json;
using Tally.Api.Queries;
using Tally.Api.Security;

namespace Tally.Api.Fills;

/// <summary><c>/api/fills</c>: the newest stored fills (the objects of <c>tally trades --json</c>); <c>/api/cycles</c>: the newest closed cycles.</summary>
public static class FillsApi
{
    public static void MapFillsApi(this IEndpointRouteBuilder routes)
    {
        var reads = new TokenFilter(forWrites: false);
        routes.MapGroup("/api/fills").WithTags("fills").AddEndpointFilter(reads)
            .MapGet("/", FillsAsync)
            .WithName("ListFills")
            .WithSummary("The newest stored fills, newest first; symbol=S, venue=V, limit=N (default 100, at most 1000).")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        routes.MapGroup("/api/cycles").WithTags("cycles").AddEndpointFilter(reads)
            .MapGet("/", CyclesAsync)
            .WithName("ListCycles")
            .WithSummary("The newest closed cycles (flat-to-flat runs of a position) by close time, newest first; symbol=S, limit=N.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized);
    }

    private static async Task<Results<JsonDocumentResult, ProblemHttpResult>> FillsAsync(
        [FromServices] IApiQueries queries, string? symbol, string? venue, string? limit, CancellationToken cancellationToken)
    {
        if (QueryValues.Limit(limit, out var count) is { } problem)
        {
            return problem;
        }

        var fills = await queries.FillsAsync(QueryValues.Symbol(symbol), QueryValues.Text(venue), count, cancellationToken);
        return new JsonDocumentResult(json =>
        {
            json.WriteStartArray("fills");
            foreach (var fill in fills)
            {
                LedgerJson.WriteTrade(json, fill);
            }

            json.WriteEndArray();
        });
    }

    private static async Task<Results<JsonDocumentResult, ProblemHttpResult>> CyclesAsync(
        [FromServices] IApiQueries queries, string? symbol, string? limit, CancellationToken cancellationToken)
    {
        if (QueryValues.Limit(limit, out var count) is { } problem)
        {
            return problem;
        }

        var cycles = await queries.CyclesAsync(QueryValues.Symbol(symbol), count, cancellationToken);
        return new JsonDocumentResult(json => LedgerJson.WriteCycles(json, cycles));
    }
}
