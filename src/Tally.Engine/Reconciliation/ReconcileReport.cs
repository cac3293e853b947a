namespace Tally.Engine.Reconciliation;

/// <summary>One reconciliation pass: the back-fill run first (null on a dry run, which writes nothing) and every key's result.</summary>
public sealed record ReconcileReport(DateTimeOffset At, bool DryRun, SyncReport? Backfill, IReadOnlyList<ReconcileResult> Results)
{
    /// <summary>Keys (symbol, position side) whose positionRisk changed during the pass: not compared, left for the next one.</summary>
    public IReadOnlyList<(string Symbol, Core.PositionSide PositionSide)> Moving { get; init; } = [];

    /// <summary>The keys that were not in sync.</summary>
    public IEnumerable<ReconcileResult> Found => Results.Where(r => r.Finding.Kind != Core.Reconciliation.ReconcileKind.InSync);
}
