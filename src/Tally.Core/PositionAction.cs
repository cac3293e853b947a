namespace Tally.Core;

/// <summary>What one fill did to its position. Wire names (e.g. <c>long_opened</c>) are in <see cref="WireNames"/>.</summary>
public enum PositionAction
{
    LongOpened,
    LongIncreased,
    LongReduced,
    LongClosed,
    ShortOpened,
    ShortIncreased,
    ShortReduced,
    ShortClosed,
    LongClosedAndShortOpened,
    ShortClosedAndLongOpened,
}
