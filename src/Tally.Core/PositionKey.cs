namespace Tally.Core;

/// <summary>
/// Identifies one position. One-way mode uses <see cref="PositionSide.Both"/>; hedge mode keeps a
/// <see cref="PositionSide.Long"/> and a <see cref="PositionSide.Short"/> key for the same symbol.
/// </summary>
public readonly record struct PositionKey(string Venue, string Account, string Symbol, PositionSide PositionSide)
{
    /// <summary>Readable form used in reports, e.g. <c>binance/main/BTCUSDT/LONG</c>.</summary>
    public override string ToString() => $"{Venue}/{Account}/{Symbol}/{PositionSide.ToWireName()}";
}
