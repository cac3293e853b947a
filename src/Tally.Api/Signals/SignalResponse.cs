using System.Text.Json.Serialization;
using Tally.Engine.Dispatch;

namespace Tally.Api.Signals;

/// <summary>
/// The answer to a posted signal (200 whether accepted or rejected: the decision is the answer).
/// <see cref="Repeated"/> is true when the signal id was known and this is its first decision again.
/// </summary>
/// <param name="Decision">accepted or rejected.</param>
/// <param name="ConflictsWith">The signal that decided a conflict, if one did.</param>
/// <param name="ClientOrderId">The entry order's client order id, when an order was placed.</param>
public sealed record SignalResponse(
    [property: JsonPropertyName("signal_id")] string SignalId,
    [property: JsonPropertyName("decision")] string Decision,
    [property: JsonPropertyName("reason")] string Reason,
    [property: JsonPropertyName("conflicts_with")] string? ConflictsWith,
    [property: JsonPropertyName("client_order_id")] string? ClientOrderId,
    [property: JsonPropertyName("repeated")] bool Repeated)
{
    public static SignalResponse Of(SignalReceipt receipt)
    {
        ArgumentNullException.ThrowIfNull(receipt);
        return new SignalResponse(receipt.Signal.SignalId, receipt.Decision.DecisionName, receipt.Decision.Reason, receipt.Decision.ConflictsWith, receipt.ClientOrderId, receipt.Repeated);
    }
}
