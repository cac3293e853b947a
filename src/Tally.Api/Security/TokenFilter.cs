using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Net.Http.Headers;

namespace Tally.Api.Security;

/// <summary>
/// Lets a request through only with the bearer token: always for writes, for reads when the API listens beyond
/// loopback. A refusal is 401 problem+json with <c>WWW-Authenticate: Bearer</c>.
/// </summary>
public sealed class TokenFilter(bool forWrites) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        var services = context.HttpContext.RequestServices;
        var options = services.GetRequiredService<ApiOptions>();
        if (!forWrites && options.IsLoopback)
        {
            return await next(context);
        }

        var token = services.GetRequiredService<ApiToken>();
        if (token.Admits(context.HttpContext.Request))
        {
            return await next(context);
        }

        var request = context.HttpContext.Request;
        Log.Unauthorized(services.GetRequiredService<ILogger<TokenFilter>>(), request.Method, request.Path);
        context.HttpContext.Response.Headers[HeaderNames.WWWAuthenticate] = "Bearer";
        var detail = token.IsConfigured
            ? "give the API token as Authorization: Bearer TOKEN"
            : $"no API token is configured (api.token in the run config, or {ApiOptions.TokenVariable}), so this is refused";
        return TypedResults.Problem(detail, statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized");
    }
}
