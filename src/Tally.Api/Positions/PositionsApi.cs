using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Tally.Api.Json;
using Tally.Api.Queries;
using Tally.Api.Security;
using Tally.Engine.Risk;

namespace Tally.Api.Positions;

/// <summary>
/// <c>/api/positions</c>: the ledger's positions (one per venue, account, symbol and position side) marked at the
/// engine's last price, and the force close of a strategy position or of every open one in an exchange position
/// (token, rate-limited), through <see cref="OperatorActions"/> as <c>tally close</c> does.
/// </summary>
public static class PositionsApi
{
    /// <summary>Who a force close through the API is audited as.</summary>
    public const string RequestedBy = "api";

    public static RouteGroupBuilder MapPositionsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/positions").WithTags("positions");
        group.MapGet("/", ListAsync)
            .WithName("ListPositions")
            .WithSummary("Ledger positions (venue, account, symbol, position side) with unrealized PnL and notional at the engine's last price; open=true, venue=V, symbol=S filter.")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .AddEndpointFilter(new TokenFilter(forWrites: false));
        group.MapPost("/{id}/close", CloseAsync)
            .WithName("ClosePosition")
            .WithSummary("Force close: the open strategy position with this id, or every open one in the exchange position with this key (BTCUSDT_LONG). 202: requested; the running engine sends reduce-only market orders (reason manual).")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .TokenWrite();
        return group;
    }

    private static async Task<Results<JsonDocumentResult, ProblemHttpResult>> ListAsync(
        [FromServices] IApiQueries queries, string? open, string? venue, string? symbol, CancellationToken cancellationToken)
    {
        if (QueryValues.Flag("open", open, absent: false, out var openOnly) is { } problem)
        {
            return problem;
        }

        var positions = await queries.PositionsAsync(new PositionFilter(openOnly, QueryValues.Text(venue), QueryValues.Symbol(symbol)), cancellationToken);
        return new JsonDocumentResult(json => LedgerJson.WritePositions(json, positions));
    }

    private static async Task<Results<Accepted<CloseResponse>, ProblemHttpResult>> CloseAsync(string id, HttpContext http, CancellationToken cancellationToken)
    {
        if (http.RequestServices.GetService<OperatorActions>() is not { } actions)
        {
            return NoOperatorActions();
        }

        var outcome = await actions.CloseAsync(id, RequestedBy, cancellationToken);
        if (outcome is OperatorOutcome.Requested requested)
        {
            var ids = requested.Affected.Select(p => p.StrategyPositionId).ToList();
            var keys = requested.Affected.Select(p => p.ExchangePositionKey).Distinct(StringComparer.Ordinal).ToList();
            return TypedResults.Accepted((string?)null, new CloseResponse(id.Trim(), ids, keys, outcome.Message));
        }

        return TypedResults.Problem(
            outcome.Message,
            statusCode: StatusCodes.Status404NotFound,
            title: "Nothing open to close",
            extensions: new Dictionary<string, object?> { ["field"] = "id", ["value"] = id });
    }

    /// <summary>503: this host was built without the store's operator actions.</summary>
    internal static ProblemHttpResult NoOperatorActions() =>
        TypedResults.Problem("this service takes no operator actions: it runs without a store", statusCode: StatusCodes.Status503ServiceUnavailable, title: "No operator actions");
}
