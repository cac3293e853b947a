using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Tally.Api.Security;

/// <summary>The one statement of how an endpoint is guarded, so every write and every read is guarded alike.</summary>
public static class EndpointAccess
{
    /// <summary>A write: the bearer token, the write rate limit, and their problems (401, 429, 503 without an engine) in the OpenAPI document.</summary>
    public static RouteHandlerBuilder TokenWrite(this RouteHandlerBuilder endpoint) =>
        endpoint.ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .AddEndpointFilter(new TokenFilter(forWrites: true))
            .RequireRateLimiting(TallyApi.WritePolicy);
}
