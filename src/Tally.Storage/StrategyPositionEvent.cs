namespace Tally.Storage;

/// <summary>What a fill did to a strategy position.</summary>
public enum StrategyPositionEvent
{
    Opened,
    Increased,
    Reduced,
    Closed,
}
