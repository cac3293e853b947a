using Tally.Core.Signals;
using Tally.Engine.Dispatch;

namespace Tally.Engine.Risk;

/// <summary>
/// The dispatcher's <see cref="IRiskGate"/> from the live monitor's <c>Gate</c> (one monitor for every account):
/// StopNewEntries until the monitor has read its stored state (so a restart with an active halt never lets an entry
/// through in between), then whatever the monitor says after each step.
/// </summary>
public sealed class MonitorRiskGate : IRiskGate
{
    private int _gate = (int)RiskGate.StopNewEntries;

    public RiskGate Current(string venue, string account) => (RiskGate)Volatile.Read(ref _gate);

    /// <summary>The gate as the monitor last set it.</summary>
    public RiskGate Value => (RiskGate)Volatile.Read(ref _gate);

    internal void Set(RiskGate gate) => Volatile.Write(ref _gate, (int)gate);
}
