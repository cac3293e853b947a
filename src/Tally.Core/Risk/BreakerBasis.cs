namespace Tally.Core.Risk;

/// <summary>
/// What the daily drawdown is measured from: the equity at 00:00 UTC (<c>day_start</c>, the default) or the
/// day's highest equity seen at evaluations (<c>peak</c>).
/// </summary>
public enum BreakerBasis
{
    DayStart,
    Peak,
}
