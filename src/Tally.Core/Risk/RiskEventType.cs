namespace Tally.Core.Risk;

/// <summary>The eleven events the risk monitor journals and publishes (DESIGN §5).</summary>
public enum RiskEventType
{
    PositionOpened,
    PositionUpdated,
    PositionClosed,
    DumpDetected,
    CorrelatedDumpDetected,
    PortfolioHealthDegraded,
    CircuitBreakerTriggered,
    MaxHoldTimeExceeded,
    ForceExitRequired,
    StopNewEntries,
    StopAllTrading,
}
