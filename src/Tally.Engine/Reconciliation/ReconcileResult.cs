using Tally.Core.Reconciliation;

namespace Tally.Engine.Reconciliation;

/// <summary>One key's finding and what was done about it: the adjustment fills' trade ids, or why none were stored.</summary>
public sealed record ReconcileResult(string Venue, string Account, ReconcileFinding Finding, Correction Correction, IReadOnlyList<string> TradeIds, string? Problem);
