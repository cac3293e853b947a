namespace Tally.Core.Risk;

/// <summary>What the health bands ask the monitor to do.</summary>
public enum HealthAction
{
    /// <summary>Entered below 70: refuse new entries (event StopNewEntries).</summary>
    StopNewEntries,

    /// <summary>Re-armed at 75: entries are accepted again.</summary>
    ResumeNewEntries,

    /// <summary>Entered below 50: every trailing distance becomes min(d, 0.3 %).</summary>
    TightenStops,

    /// <summary>Re-armed at 55: distances return; stops do not loosen.</summary>
    EndTightening,

    /// <summary>Entered below 30: close the worst positions, reason health.</summary>
    CloseWorst,
}
