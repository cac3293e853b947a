namespace Tally.Core.Risk;

/// <summary>
/// What of the risk monitor must outlive a restart, as a plain value a store can keep: the breaker (its day, E0,
/// peak, levels fired today and the halt, which lasts until <c>tally risk reset</c>) and the health bands (which
/// gates they put up). Open positions are not part of it: they are tracked again from the attribution book.
/// </summary>
public sealed record RiskMonitorState(BreakerState Breaker, HealthBandState Health)
{
    /// <summary>A first start: the breaker's first day has E0 = the starting balance, no band entered.</summary>
    public static RiskMonitorState Start(DateTimeOffset now, decimal startingBalance) =>
        new(BreakerState.Start(now, startingBalance), HealthBandState.Initial);
}
