using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tally.Engine.Dispatch;
using Tally.Storage;

namespace Tally.Api.Signals;

/// <summary>
/// The one way a signal enters through HTTP (<c>POST /api/signals</c> and the webhooks): read strictly, handed
/// to <see cref="ISignalIntake"/>, its decision returned. Bad input is 400 problem+json with <c>field</c> and
/// <c>value</c> members; a missing intake (the engine is not taking signals) 503.
/// </summary>
public static class SignalIntakeEndpoint
{
    /// <summary>A body larger than this is not a signal.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    /// <summary>The request body as JSON, or null with the 400 to answer.</summary>
    public static async Task<(JsonDocument? Body, ProblemHttpResult? Problem)> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.ContentLength > MaxBodyBytes)
        {
            return (null, BadRequest(new FieldProblem("body", null, $"is larger than {MaxBodyBytes} bytes")));
        }

        try
        {
            var body = await JsonDocument.ParseAsync(request.Body, default, cancellationToken);
            return (body, null);
        }
        catch (JsonException e)
        {
            return (null, BadRequest(new FieldProblem("body", null, $"is not JSON: {e.Message}")));
        }
    }

    public static async Task<Results<Ok<SignalResponse>, ProblemHttpResult>> SubmitAsync(JsonElement body, string source, HttpContext http, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(http);
        var services = http.RequestServices;
        var options = services.GetRequiredService<ApiOptions>();
        var logger = services.GetRequiredService<ILogger<SignalResponse>>();
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow();
        if (SignalBody.Read(body, options, now, out var problem) is not { } signal)
        {
            Log.SignalRefused(logger, source, problem!.Detail);
            return BadRequest(problem);
        }

        if (services.GetService<ISignalIntake>() is not { } intake)
        {
            return TypedResults.Problem("this service takes no signals: no dispatcher is running", statusCode: StatusCodes.Status503ServiceUnavailable, title: "No signal intake");
        }

        SignalReceipt receipt;
        try
        {
            receipt = await intake.SubmitAsync(signal, cancellationToken);
        }
        catch (ArgumentException e)
        {
            // The intake's one documented refusal: an account this engine does not run.
            var refused = new FieldProblem("account", $"{signal.Venue}/{signal.Account}", $"is not an account this service runs ({e.Message})");
            Log.SignalRefused(logger, source, refused.Detail);
            return BadRequest(refused);
        }

        var action = signal.Action.ToWireName();
        var repeat = receipt.Repeated ? " (repeated: its first decision)" : string.Empty;
        Log.SignalDecided(logger, signal.SignalId, signal.StrategyId, action, signal.Symbol, signal.Confidence, source, receipt.Decision.DecisionName, receipt.Decision.Reason, repeat);

        return TypedResults.Ok(SignalResponse.Of(receipt));
    }

    /// <summary>400 problem+json naming the field and the value.</summary>
    public static ProblemHttpResult BadRequest(FieldProblem problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return TypedResults.Problem(
            problem.Detail,
            statusCode: StatusCodes.Status400BadRequest,
            title: "Invalid signal",
            extensions: new Dictionary<string, object?> { ["field"] = problem.Field, ["value"] = problem.Value });
    }
}
