using Tally.Core;
using Tally.Storage.Live;

namespace Tally.Storage;

/// <summary>Funding payments and raw quarantine: records besides fills, kept with the same guarantees.</summary>
public sealed partial class FillLog
{
    /// <summary>
    /// Appends funding payments idempotently on (venue, account, funding id) and books the new ones against their
    /// positions, in one transaction with <paramref name="checkpoints"/>. Returns once committed: every status is an
    /// acknowledgement. The same id with different content is quarantined (source <c>funding</c>) and the first kept.
    /// A payment the ledger cannot book (an empty field, a symbol it cannot resolve) is <see cref="IngestStatus.Rejected"/>
    /// and kept in the quarantine (source <c>funding</c>) with the reason, in the same transaction.
    /// </summary>
    /// <exception cref="FillLogFaultedException">The log is faulted (an earlier failure); open it again.</exception>
    public Task<IngestReport> IngestFundingAsync(IReadOnlyList<IncomingFunding> batch, IReadOnlyList<SyncCheckpoint>? checkpoints, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return WriteAsync(ct => IngestFundingLockedAsync(batch, checkpoints ?? [], ct), cancellationToken);
    }

    public Task<IngestReport> IngestFundingAsync(IReadOnlyList<IncomingFunding> batch, CancellationToken cancellationToken) =>
        IngestFundingAsync(batch, checkpoints: null, cancellationToken);

    /// <summary>
    /// Keeps a venue record that could not be parsed (a REST row, a stream event) in the quarantine, with
    /// <paramref name="source"/> naming where it came from and <paramref name="reason"/> why it was refused. Touches no position.
    /// </summary>
    public async Task QuarantineRawAsync(string venue, string account, string source, string raw, string reason, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(venue);
        ArgumentException.ThrowIfNullOrWhiteSpace(account);
        ArgumentException.ThrowIfNullOrWhiteSpace(source);
        ArgumentNullException.ThrowIfNull(raw);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        await _writer.WaitAsync(cancellationToken);
        try
        {
            ThrowIfFaulted();
            await using var session = await _store.BeginAsync(cancellationToken);
            await session.QuarantineAsync([new QuarantineEntry(0, venue, account, null, null, reason, raw, _time.GetUtcNow(), source)], cancellationToken);
            await session.CommitAsync(cancellationToken);
        }
        finally
        {
            _writer.Release();
        }
    }

    private async Task<IngestReport> IngestFundingLockedAsync(IReadOnlyList<IncomingFunding> batch, IReadOnlyList<SyncCheckpoint> checkpoints, CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var offered = batch.Select(p => p with { Payment = Normalize(p.Payment) }).ToList();
        await using var session = await _store.BeginAsync(cancellationToken);
        await CatchUpAsync(session, cancellationToken);
        var book = _attributionOff ? null : await EnsureBookAsync(session, cancellationToken);
        var problems = offered.Select(p => Check(_ledger, p.Payment)).ToList();
        var existing = await session.FindFundingAsync(offered.Where((_, i) => problems[i] is null).Select(p => FundingIdentity.Of(p.Payment)).ToHashSet(), cancellationToken);
        var rejected = new List<IngestRejection>();

        var statuses = new IngestStatus[offered.Count];
        var inBatch = new Dictionary<FundingIdentity, FundingPayment>();
        var fresh = new List<IncomingFunding>();
        var quarantined = new List<QuarantineEntry>();
        var newInstruments = new List<InstrumentDefinition>();
        var touched = new Dictionary<PositionKey, Position>();
        var rebuild = false;
        for (var i = 0; i < offered.Count; i++)
        {
            var (payment, raw) = (offered[i].Payment, offered[i].Raw);
            if (problems[i] is { } rejection)
            {
                statuses[i] = IngestStatus.Rejected;
                rejected.Add(new IngestRejection(i, rejection));
                quarantined.Add(new QuarantineEntry(0, payment.Venue ?? "", payment.Account ?? "", payment.Symbol, payment.FundingId, $"funding {payment.FundingId}: {rejection}", raw ?? FundingConflict.Text(payment), now, QuarantineEntry.FundingSource));
                continue;
            }

            var id = FundingIdentity.Of(payment);
            var instrument = _ledger.Instruments.Resolve(payment.Venue, payment.Symbol);
            FundingPayment? earlier = existing.TryGetValue(id, out var stored) ? stored.Payment : inBatch.TryGetValue(id, out var sameBatch) ? sameBatch : null;
            if (earlier is { } first)
            {
                if (FundingConflict.Describe(first, payment) is { } reason)
                {
                    statuses[i] = IngestStatus.Quarantined;
                    quarantined.Add(new QuarantineEntry(0, payment.Venue, payment.Account, payment.Symbol, payment.FundingId, reason, raw ?? FundingConflict.Text(payment), now, QuarantineEntry.FundingSource));
                }
                else
                {
                    statuses[i] = IngestStatus.AlreadyPresent;
                }

                continue;
            }

            RememberInstrument(payment.Venue, instrument, newInstruments);

            // Split over the key's open strategy positions now; a payment older than the key's last folded fill belongs
            // earlier in the replay order, so the attribution is rebuilt instead (the ledger's booking commutes).
            var mark = _marks.GetValueOrDefault(payment.Key);
            if (!mark.LogOrder && mark.LastTime is { } last && last > payment.Time)
            {
                rebuild = true;
            }

            if (rebuild || book is null)
            {
                Book(_ledger, payment);
            }
            else
            {
                book.ApplyFunding(_ledger, payment.Key, payment.Amount, payment.Asset, at: null);
                _fundedUntil[payment.Key] = _fundedUntil.TryGetValue(payment.Key, out var was) && was > payment.Time ? was : payment.Time;
            }

            touched[payment.Key] = _ledger.Find(payment.Key)!;
            fresh.Add(offered[i]);
            inBatch[id] = payment;
            statuses[i] = IngestStatus.Stored;
        }

        await session.SaveInstrumentsAsync(newInstruments, cancellationToken);
        await session.InsertFundingAsync(fresh, now, cancellationToken);
        await session.QuarantineAsync(quarantined, cancellationToken);
        await session.SavePositionsAsync([.. touched.Select(t => (t.Value, _marks.GetValueOrDefault(t.Key)))], cancellationToken);
        if (book is not null && rebuild)
        {
            await RebuildAttributionAsync(session, observe: null, cancellationToken);
        }
        else if (book is not null) // null only in the bench (OpenWithoutAttributionAsync)
        {
            var (positions, exchanges) = book.TakeChanged();
            await session.SaveAttributionAsync(positions, exchanges, replaceAll: false, cancellationToken);
        }

        await session.SaveCheckpointsAsync(checkpoints, cancellationToken);
        var version = await session.BumpFoldVersionAsync(cancellationToken);
        await session.CommitAsync(cancellationToken);
        _version = version;
        var report = new IngestReport(statuses, quarantined, rejected);
        Changes.Publish(new FillsCommitted(_time.GetUtcNow(), report));
        return report;
    }

    /// <summary>Keeps the time to the millisecond, as the log does.</summary>
    private static FundingPayment Normalize(FundingPayment p) =>
        p.Time.Ticks % TimeSpan.TicksPerMillisecond != 0
            ? p with { Time = DateTimeOffset.FromUnixTimeMilliseconds(p.Time.ToUnixTimeMilliseconds()) }
            : p;

    /// <summary>Null when the payment can be stored and booked; otherwise which field stops it.</summary>
    private static FillRejection? Check(Ledger ledger, in FundingPayment p) =>
        Empty(p.Venue, "venue") ?? Empty(p.Account, "account") ?? Empty(p.Symbol, "symbol") ?? Empty(p.FundingId, "funding_id")
        ?? ledger.CheckFunding(p.Key, p.Asset);

    private static FillRejection? Empty(string? value, string field) =>
        string.IsNullOrWhiteSpace(value) ? new FillRejection(field, value ?? "", "is empty") : null;
}
