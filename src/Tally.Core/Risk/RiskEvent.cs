namespace Tally.Core.Risk;

/// <summary>
/// One risk event as journalled (table <c>risk_events</c>) and printed by <c>tally risk replay --json</c>:
/// when, what, which strategy position and exchange position key (when it concerns one), the price that
/// triggered it, the exit reason (when it asks for an exit) and a human-readable detail.
/// </summary>
public sealed record RiskEvent(
    DateTimeOffset At,
    RiskEventType Type,
    string? StrategyPositionId,
    string? ExchangePositionKey,
    decimal? Price,
    RiskExitReason? Reason,
    string Detail);
