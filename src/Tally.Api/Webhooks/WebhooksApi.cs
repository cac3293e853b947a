using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Tally.Api.Security;
using Tally.Api.Signals;

namespace Tally.Api.Webhooks;

/// <summary>
/// <c>/api/webhooks/tradingview</c>: a TradingView alert (its message a JSON object) with the configured
/// passphrase in its <c>passphrase</c> field, turned into a signal by the configured template. Wrong or missing
/// passphrase: 401. The signal then goes the way of <c>POST /api/signals</c> (same checks, same answer).
/// </summary>
public static class WebhooksApi
{
    public const string PassphraseField = "passphrase";

    public static RouteGroupBuilder MapWebhooksApi(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/api/webhooks").WithTags("webhooks");
        group.MapPost("/tradingview", TradingViewAsync)
            .WithName("TradingViewAlert")
            .WithSummary("A TradingView alert: its passphrase field authenticates it, the configured template maps it to a signal.")
            .Accepts<JsonElement>("application/json", "text/plain")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .RequireRateLimiting(TallyApi.WritePolicy);
        return group;
    }

    private static async Task<Results<Ok<SignalResponse>, ProblemHttpResult>> TradingViewAsync(
        HttpContext http, [FromServices] ApiOptions options, [FromServices] ILogger<TradingViewOptions> logger, CancellationToken cancellationToken)
    {
        // TradingView posts an alert whose message is JSON as application/json, and anything else as text/plain:
        // the body is read as JSON either way.
        var (body, problem) = await SignalIntakeEndpoint.ReadBodyAsync(http.Request, cancellationToken);
        if (body is null)
        {
            return problem!;
        }

        using (body)
        {
            var alert = body.RootElement;
            string? passphrase = alert.ValueKind == JsonValueKind.Object && alert.TryGetProperty(PassphraseField, out var given) && given.ValueKind == JsonValueKind.String
                ? given.GetString()
                : null;
            if (options.TradingView is not { } webhook || !new ApiToken(webhook.Passphrase).Matches(passphrase))
            {
                Log.WrongPassphrase(logger);
                var detail = options.TradingView is null
                    ? "the TradingView webhook is not configured (api.tradingview in the run config)"
                    : $"give the configured passphrase in the alert's \"{PassphraseField}\" field";
                return TypedResults.Problem(detail, statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized");
            }

            if (webhook.Template.Apply(alert, out var missing) is not { } signal)
            {
                return SignalIntakeEndpoint.BadRequest(missing!);
            }

            using var mapped = JsonDocument.Parse(signal.ToJsonString());
            return await SignalIntakeEndpoint.SubmitAsync(mapped.RootElement, "tradingview", http, cancellationToken);
        }
    }
}
