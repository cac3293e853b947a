namespace Tally.Storage;

/// <summary>Strategy positions by status: all, still holding (<c>open</c> or <c>partial</c>), or <c>closed</c>.</summary>
public enum StrategyPositionFilter
{
    All,
    Open,
    Closed,
}
