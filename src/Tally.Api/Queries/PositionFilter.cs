namespace Tally.Api.Queries;

/// <summary>Which ledger positions to read: only open ones, one venue's, one symbol's (null for any).</summary>
public sealed record PositionFilter(bool OpenOnly = false, string? Venue = null, string? Symbol = null)
{
    public static readonly PositionFilter All = new();
}
