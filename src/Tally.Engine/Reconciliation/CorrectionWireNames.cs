namespace Tally.Engine.Reconciliation;

/// <summary>Spellings of <see cref="Correction"/> in the CLI, JSON and log lines. A contract.</summary>
public static class CorrectionWireNames
{
    public static string ToWireName(this Correction correction) => correction switch
    {
        Correction.None => "none",
        Correction.Adjusted => "adjusted",
        Correction.Reported => "reported",
        Correction.Proposed => "proposed",
        Correction.Refused => "refused",
    };
}
