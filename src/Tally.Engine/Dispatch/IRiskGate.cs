using Tally.Core.Signals;

namespace Tally.Engine.Dispatch;

/// <summary>What the risk monitor allows right now for an account (DESIGN.md §5); entries are refused unless <see cref="RiskGate.Open"/>.</summary>
public interface IRiskGate
{
    RiskGate Current(string venue, string account);
}
