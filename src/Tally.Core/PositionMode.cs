namespace Tally.Core;

/// <summary>How an account keys its positions: one signed position per symbol, or a long and a short book.</summary>
public enum PositionMode
{
    OneWay,
    Hedge,
}
