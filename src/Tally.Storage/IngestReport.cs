namespace Tally.Storage;

/// <summary>The result of one committed batch, one status per offered record (fill or funding payment) in the order offered.</summary>
public sealed record IngestReport(IReadOnlyList<IngestStatus> Statuses, IReadOnlyList<QuarantineEntry> Quarantined)
{
    public int Stored => Statuses.Count(s => s == IngestStatus.Stored);

    public int AlreadyPresent => Statuses.Count(s => s == IngestStatus.AlreadyPresent);

    public int QuarantinedCount => Statuses.Count(s => s == IngestStatus.Quarantined);
}
