namespace Tally.Core.Attribution;

/// <summary>A strategy position's life: nothing exited yet, some exited, all exited.</summary>
public enum StrategyPositionStatus
{
    Open,
    Partial,
    Closed,
}
