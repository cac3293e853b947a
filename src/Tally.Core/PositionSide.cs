namespace Tally.Core;

/// <summary>
/// Which book a fill belongs to. <see cref="Both"/> is one-way mode (one signed position per symbol);
/// <see cref="Long"/> and <see cref="Short"/> are the two independent books of hedge mode.
/// </summary>
public enum PositionSide
{
    Both,
    Long,
    Short,
}
