namespace Tally.Core.Tests.Properties;

/// <summary>
/// A fill's outcome with its closed cycle read at once, as every consumer must (FillOutcome builds the
/// summary on request and only until the next fill on the key closes another cycle).
/// </summary>
public sealed record RecordedOutcome(FillOutcome Outcome, CycleSummary? ClosedCycle)
{
    public PositionKey Key => Outcome.Key;

    public PositionAction Action => Outcome.Action;

    public decimal RealizedPnl => Outcome.RealizedPnl;

    public decimal SignedQuantityAfter => Outcome.SignedQuantityAfter;

    public decimal? AverageEntryPriceAfter => Outcome.AverageEntryPriceAfter;

    public string? Anomaly => Outcome.Anomaly;
}
