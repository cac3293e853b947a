using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Tally.Api.Security;
using Tally.Storage.Live;

namespace Tally.Api.Live;

/// <summary><c>GET /api/stream</c>: server-sent events, one per change this process commits to the log (see <see cref="LiveEvents"/>).</summary>
public static class StreamApi
{
    /// <summary>How often an idle stream sends a comment, so proxies and clients see it is alive.</summary>
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(15);

    public static void MapStreamApi(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/api/stream").WithTags("stream").AddEndpointFilter(new TokenFilter(forWrites: false))
            .MapGet("/", Stream)
            .WithName("Stream")
            .WithSummary("Server-sent events of this process's commits: fill, strategy_position, signal, risk_event, risk_state, risk_request (data: JSON, decimals as strings); a heartbeat comment every 15 s.")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
    }

    private static Results<EventStreamResult, ProblemHttpResult> Stream(HttpContext http)
    {
        var services = http.RequestServices;
        if (services.GetService<ChangeFeed>() is not { } feed)
        {
            return TypedResults.Problem("this service has no live changes: it runs without a store", statusCode: StatusCodes.Status503ServiceUnavailable, title: "No live stream");
        }

        return new EventStreamResult(feed, services.GetRequiredService<StreamClients>(), services.GetRequiredService<TimeProvider>(), HeartbeatInterval);
    }
}
