using Tally.Core;

namespace Tally.Storage;

/// <summary>The result of one committed batch, one status per offered record (fill or funding payment) in the order offered.</summary>
/// <param name="Rejected">The records the ledger could not take (<see cref="IngestStatus.Rejected"/>), each with its place in the batch and why.</param>
public sealed record IngestReport(IReadOnlyList<IngestStatus> Statuses, IReadOnlyList<QuarantineEntry> Quarantined, IReadOnlyList<IngestRejection> Rejected)
{
    public int Stored => Statuses.Count(s => s == IngestStatus.Stored);

    public int AlreadyPresent => Statuses.Count(s => s == IngestStatus.AlreadyPresent);

    public int QuarantinedCount => Statuses.Count(s => s == IngestStatus.Quarantined);

    public int RejectedCount => Rejected.Count;
}

/// <summary>A record of a batch the ledger refused: <paramref name="Index"/> is its place in the batch as offered.</summary>
public sealed record IngestRejection(int Index, FillRejection Reason);
