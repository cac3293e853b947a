namespace Tally.Storage;

/// <summary>Which stored signals to read; null fields match everything. <see cref="Since"/> is on the signal's own timestamp. Oldest first (in the order stored).</summary>
public sealed record SignalQuery(string? Venue = null, string? Account = null, string? Symbol = null, DateTimeOffset? Since = null, string? SignalId = null);
