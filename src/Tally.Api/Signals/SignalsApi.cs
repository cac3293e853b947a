using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Tally.Api.Json;
using Tally.Api.Queries;
using Tally.Api.Security;
using Tally.Import;

namespace Tally.Api.Signals;

/// <summary><c>/api/signals</c>: post a signal (token, rate-limited), list the stored ones with their decisions.</summary>
public static class SignalsApi
{
    public static RouteGroupBuilder MapSignalsApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/signals").WithTags("signals");
        group.MapPost("/", PostAsync)
            .WithName("PostSignal")
            .WithSummary("Submit a signal; answers its decision (the first one again for a known signal_id).")
            .Accepts<SignalRequest>("application/json")
            .TokenWrite();
        group.MapGet("/", ListAsync)
            .WithName("ListSignals")
            .WithSummary("Stored signals with their decisions, oldest first.")
            .AddEndpointFilter(new TokenFilter(forWrites: false));
        return group;
    }

    private static async Task<Results<Ok<SignalResponse>, ProblemHttpResult>> PostAsync(HttpContext http, CancellationToken cancellationToken)
    {
        var (body, problem) = await SignalIntakeEndpoint.ReadBodyAsync(http.Request, cancellationToken);
        if (body is null)
        {
            return problem!;
        }

        using (body)
        {
            return await SignalIntakeEndpoint.SubmitAsync(body.RootElement, "api", http, cancellationToken);
        }
    }

    private static async Task<Results<JsonDocumentResult, ProblemHttpResult>> ListAsync(
        [FromServices] IApiQueries queries, string? venue, string? account, string? symbol, string? since, CancellationToken cancellationToken)
    {
        DateTimeOffset? from = null;
        if (since is not null)
        {
            if (FieldParser.Timestamp(since, out var parsed) is { } wrong)
            {
                return QueryProblem.Of("since", since, wrong);
            }

            from = parsed;
        }

        var signals = await queries.SignalsAsync(venue, account, symbol?.ToUpperInvariant(), from, cancellationToken);
        return new JsonDocumentResult(json => SignalJson.WriteSignals(json, signals));
    }
}
