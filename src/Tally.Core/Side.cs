namespace Tally.Core;

/// <summary>The direction of one execution as the venue reports it.</summary>
public enum Side
{
    Buy,
    Sell,
}
