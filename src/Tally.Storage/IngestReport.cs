using Tally.Core;
using Tally.Storage.Live;

namespace Tally.Storage;

/// <summary>The result of one committed batch, one status per offered record (fill or funding payment) in the order offered.</summary>
/// <param name="Rejected">The records the ledger could not take (<see cref="IngestStatus.Rejected"/>), each with its place in the batch and why.</param>
public sealed record IngestReport(IReadOnlyList<IngestStatus> Statuses, IReadOnlyList<QuarantineEntry> Quarantined, IReadOnlyList<IngestRejection> Rejected)
{
    /// <summary>Per new fill, in the order offered, what it did to its exchange position; empty for funding.</summary>
    public IReadOnlyList<PositionEffect> Positions { get; init; } = [];

    /// <summary>Per new fill, in fold order, what it did to strategy positions (DESIGN.md §3); empty for funding.</summary>
    public IReadOnlyList<AttributionChange> Attribution { get; init; } = [];

    /// <summary>
    /// New fills whose order no intent explains (no client order id, or one not in <c>order_intents</c>, and not a
    /// liquidation or ADL): attributed to strategy <c>manual</c> with close reason <c>manual</c>.
    /// </summary>
    public IReadOnlyList<Fill> UnexplainedOrders { get; init; } = [];

    public int Stored => Statuses.Count(s => s == IngestStatus.Stored);

    public int AlreadyPresent => Statuses.Count(s => s == IngestStatus.AlreadyPresent);

    public int QuarantinedCount => Statuses.Count(s => s == IngestStatus.Quarantined);

    public int RejectedCount => Rejected.Count;
}

/// <summary>A record of a batch the ledger refused: <paramref name="Index"/> is its place in the batch as offered.</summary>
public sealed record IngestRejection(int Index, FillRejection Reason);
