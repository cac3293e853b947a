namespace Tally.Core.Risk;

/// <summary>The direction a strategy position is exposed to: a long gains when the price rises, a short when it falls.</summary>
public enum ExposureSide
{
    Long,
    Short,
}
