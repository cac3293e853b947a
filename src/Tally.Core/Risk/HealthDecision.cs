namespace Tally.Core.Risk;

/// <summary>
/// One health evaluation: the score with its parts, the new band state, the actions to take (in order) and the
/// positions to close with reason health. <see cref="Degraded"/> is true when the score entered a band (event
/// PortfolioHealthDegraded), whether or not enough positions were open for its action.
/// </summary>
public sealed record HealthDecision(
    HealthScore Score,
    HealthBandState State,
    IReadOnlyList<HealthAction> Actions,
    IReadOnlyList<string> Close,
    bool Degraded);
