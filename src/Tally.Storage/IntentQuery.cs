namespace Tally.Storage;

/// <summary>Which order intents to read; null fields match everything. In the order they were saved.</summary>
/// <param name="ClientOrderIds">Any of these client order ids (empty: none).</param>
public sealed record IntentQuery(string? Venue = null, string? Account = null, IReadOnlyCollection<OrderIntentStatus>? Statuses = null, string? ClientOrderId = null, IReadOnlyCollection<string>? ClientOrderIds = null);
