namespace Tally.Core.Risk;

/// <summary>
/// One breaker evaluation: the new state, the drawdown (a fraction: 0.03 = 3 %) against the basis, the level fired
/// now (None if none; event CircuitBreakerTriggered otherwise, plus StopAllTrading for <see cref="BreakerLevel.Halt"/>)
/// and the positions to close with reason circuit_breaker, worst first.
/// </summary>
public sealed record BreakerDecision(
    BreakerState State,
    decimal Equity,
    decimal Basis,
    decimal Drawdown,
    BreakerLevel Fired,
    IReadOnlyList<string> Close);
