namespace Tally.Core.Risk;

/// <summary>
/// Why the risk monitor closes a strategy position. Each maps onto the close reason the exit order is placed
/// with (DESIGN §3): <c>trailing_stop</c>, <c>take_profit</c>, <c>stop_loss</c>, <c>dump</c>, <c>correlation</c>,
/// <c>hold_time</c>, <c>health</c>, <c>circuit_breaker</c>, <c>manual</c>.
/// </summary>
public enum RiskExitReason
{
    TrailingStop,
    TakeProfit,
    StopLoss,
    Dump,
    Correlation,
    HoldTime,
    Health,
    CircuitBreaker,
    Manual,
}
