namespace Tally.Storage;

/// <summary>Which fills to read from the log. Every filter is optional; the default is the whole log in order.</summary>
/// <param name="Until">Only fills with a time at or before this (fills without a time are left out).</param>
/// <param name="Since">Only fills with a time at or after this (fills without a time are left out).</param>
/// <param name="Newest">Newest first (by log order) instead of oldest first.</param>
public sealed record FillQuery(
    string? Symbol = null,
    string? Venue = null,
    DateTimeOffset? Since = null,
    DateTimeOffset? Until = null,
    bool OnlyUnprocessed = false,
    bool Newest = false,
    int? Limit = null);
