using Tally.Core.Risk;

namespace Tally.Core.Tests.Risk;

public class RiskEventTests
{
    [Fact]
    public void The_eleven_events_of_DESIGN_are_the_closed_set()
    {
        Assert.Equal(
            [
                "PositionOpened", "PositionUpdated", "PositionClosed", "DumpDetected", "CorrelatedDumpDetected",
                "PortfolioHealthDegraded", "CircuitBreakerTriggered", "MaxHoldTimeExceeded", "ForceExitRequired",
                "StopNewEntries", "StopAllTrading",
            ],
            Enum.GetNames<RiskEventType>());
    }
}
