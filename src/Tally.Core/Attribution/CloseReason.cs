namespace Tally.Core.Attribution;

/// <summary>
/// Why a strategy position (or part of it) was closed: the reason its exit order was placed with, or, for a
/// fill nobody placed, what the venue says happened (DESIGN.md §3).
/// </summary>
public enum CloseReason
{
    TakeProfit,
    StopLoss,
    TrailingStop,
    Signal,
    OppositeSignal,
    CircuitBreaker,
    Dump,
    Correlation,
    HoldTime,
    Health,
    Manual,
    Liquidation,
    Adl,
}
