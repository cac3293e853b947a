namespace Tally.Storage;

/// <summary>The outcome of comparing live and stored state with a full replay of the log.</summary>
public sealed record VerifyReport(long FillsReplayed, int PositionsCompared, IReadOnlyList<string> Differences)
{
    public bool Equal => Differences.Count == 0;
}
