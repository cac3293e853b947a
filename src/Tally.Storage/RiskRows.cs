namespace Tally.Storage;

/// <summary>
/// One row of <c>risk_events</c>: the risk monitor's journal (DESIGN.md §5). <paramref name="Type"/> and
/// <paramref name="Reason"/> are wire names (<c>CircuitBreakerTriggered</c>, <c>trailing_stop</c>); <paramref name="Id"/> is 0 before it is stored.
/// </summary>
public sealed record StoredRiskEvent(
    long Id,
    DateTimeOffset At,
    string Type,
    string? Venue,
    string? Account,
    string? StrategyPositionId,
    string? Key,
    decimal? Price,
    string? Reason,
    string Detail);

/// <summary>
/// The risk monitor's persisted state (<c>risk_state</c>, one row per monitor): <paramref name="State"/> is what a
/// restart needs (breaker with its halt, health bands) and <paramref name="Status"/> what <c>tally risk status</c>
/// shows (latest evaluation, open positions with their stops), both JSON.
/// </summary>
public sealed record StoredRiskState(string Name, string State, string? Status, DateTimeOffset UpdatedAt);

/// <summary>
/// A request the CLI leaves for a running <c>tally run</c> (<c>risk_requests</c>): <paramref name="Kind"/> is
/// <c>close</c> (force close of <paramref name="Target"/>, a strategy position id or exchange position key) or
/// <c>reset</c>; <paramref name="DoneAt"/> and <paramref name="Outcome"/> are set when the engine has carried it out.
/// </summary>
public sealed record RiskRequest(long Id, DateTimeOffset At, string Kind, string? Target, DateTimeOffset? DoneAt, string? Outcome);
