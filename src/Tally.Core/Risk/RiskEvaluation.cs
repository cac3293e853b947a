namespace Tally.Core.Risk;

/// <summary>
/// One portfolio evaluation (every 10 s): the equity (wallet + unrealized PnL at last prices), the breaker's basis
/// and drawdown (a fraction), the level it fired (None mostly), whether it was the first of a new UTC day, and the
/// health score with its parts.
/// </summary>
public sealed record RiskEvaluation(
    DateTimeOffset At,
    decimal Equity,
    decimal Basis,
    decimal Drawdown,
    BreakerLevel Fired,
    bool NewDay,
    HealthScore Health,
    int OpenPositions);
