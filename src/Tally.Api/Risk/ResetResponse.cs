using System.Text.Json.Serialization;

namespace Tally.Api.Risk;

/// <summary>The answer to <c>POST /api/risk/reset</c>: <c>outcome</c> is <c>cleared</c> (202) or <c>not_halted</c> (200).</summary>
public sealed record ResetResponse(
    [property: JsonPropertyName("outcome")] string Outcome,
    [property: JsonPropertyName("message")] string Message);
