namespace Tally.Storage;

/// <summary>Which order intents to read; null fields match everything. In the order they were saved.</summary>
public sealed record IntentQuery(string? Venue = null, string? Account = null, IReadOnlyCollection<OrderIntentStatus>? Statuses = null, string? ClientOrderId = null);
