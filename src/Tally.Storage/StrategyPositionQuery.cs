namespace Tally.Storage;

/// <summary>Which strategy positions to read (<see cref="FillLog.StrategyPositionsAsync"/>); null fields match everything.</summary>
public sealed record StrategyPositionQuery(
    StrategyPositionFilter Filter = StrategyPositionFilter.All,
    string? StrategyId = null,
    string? Venue = null,
    string? Account = null,
    string? Symbol = null);
