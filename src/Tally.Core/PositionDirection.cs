namespace Tally.Core;

/// <summary>What a position holds right now.</summary>
public enum PositionDirection
{
    Flat,
    Long,
    Short,
}
