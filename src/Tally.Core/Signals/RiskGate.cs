namespace Tally.Core.Signals;

/// <summary>What the risk monitor currently allows. Closes always pass; entries only while <see cref="Open"/>.</summary>
public enum RiskGate
{
    Open,
    StopNewEntries,
    StopAllTrading,
}
