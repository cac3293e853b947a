using Tally.Core;

namespace Tally.Storage;

/// <summary>Which funding payments to read. Every filter is optional; the default is every payment in log order.</summary>
/// <param name="Until">Only payments charged at or before this.</param>
public sealed record FundingQuery(
    string? Venue = null,
    string? Account = null,
    string? Symbol = null,
    PositionSide? PositionSide = null,
    DateTimeOffset? Until = null);
