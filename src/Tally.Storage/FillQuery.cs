using Tally.Core;

namespace Tally.Storage;

/// <summary>Which fills to read from the log. Every filter is optional; the default is the whole log in order.</summary>
/// <param name="Until">Only fills with a time at or before this (fills without a time are left out).</param>
/// <param name="Since">Only fills with a time at or after this (fills without a time are left out).</param>
/// <param name="Newest">Newest first (by log order) instead of oldest first.</param>
/// <param name="ByPosition">
/// Each position key's fills together (keys in no promised order), each key's by time, fills without a time
/// first, then by log order: what a fold in <see cref="VenueOrder"/> streams from. Ignored when <paramref name="Newest"/>.
/// </param>
public sealed record FillQuery(
    string? Symbol = null,
    string? Venue = null,
    DateTimeOffset? Since = null,
    DateTimeOffset? Until = null,
    bool OnlyUnprocessed = false,
    bool Newest = false,
    int? Limit = null,
    string? Account = null,
    PositionSide? PositionSide = null,
    bool ByPosition = false)
{
    /// <summary>Every fill of one position key, in log order.</summary>
    public static FillQuery Of(PositionKey key) => new(Symbol: key.Symbol, Venue: key.Venue, Account: key.Account, PositionSide: key.PositionSide);
}
