using Tally.Core.Signals;

namespace Tally.Engine.Dispatch;

/// <summary>The gate until a risk monitor is plugged in: always <see cref="RiskGate.Open"/>.</summary>
public sealed class OpenRiskGate : IRiskGate
{
    public static readonly OpenRiskGate Instance = new();

    public RiskGate Current(string venue, string account) => RiskGate.Open;
}
