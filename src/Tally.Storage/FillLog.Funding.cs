using Tally.Core;

namespace Tally.Storage;

/// <summary>Funding payments and raw quarantine: records besides fills, kept with the same guarantees.</summary>
public sealed partial class FillLog
{
    /// <summary>
    /// Appends funding payments idempotently on (venue, account, funding id) and books the new ones against their
    /// positions, in one transaction with <paramref name="checkpoints"/>. Returns once committed: every status is an
    /// acknowledgement. The same id with different content is quarantined (source <c>funding</c>) and the first kept.
    /// </summary>
    /// <exception cref="ArgumentException">A payment is malformed (empty id or asset, unknown symbol); nothing was stored.</exception>
    public async Task<IngestReport> IngestFundingAsync(IReadOnlyList<IncomingFunding> batch, IReadOnlyList<SyncCheckpoint>? checkpoints, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        await _writer.WaitAsync(cancellationToken);
        try
        {
            try
            {
                return await IngestFundingLockedAsync(batch, checkpoints ?? [], cancellationToken);
            }
            catch
            {
                await LoadAsync(CancellationToken.None);
                throw;
            }
        }
        finally
        {
            _writer.Release();
        }
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
            await using var session = await Store.BeginAsync(cancellationToken);
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
        await using var session = await Store.BeginAsync(cancellationToken);
        var existing = await session.FindFundingAsync(offered.Select(p => FundingIdentity.Of(p.Payment)).ToHashSet(), cancellationToken);

        var statuses = new IngestStatus[offered.Count];
        var inBatch = new Dictionary<FundingIdentity, FundingPayment>();
        var fresh = new List<IncomingFunding>();
        var quarantined = new List<QuarantineEntry>();
        var newInstruments = new List<Instrument>();
        var touched = new Dictionary<PositionKey, Position>();
        for (var i = 0; i < offered.Count; i++)
        {
            var (payment, raw) = (offered[i].Payment, offered[i].Raw);
            var id = FundingIdentity.Of(payment);
            var instrument = _ledger.Instruments.Resolve(payment.Symbol);
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

            if (_savedInstruments.Add(payment.Symbol))
            {
                newInstruments.Add(instrument);
            }

            Book(_ledger, payment);
            touched[payment.Key] = _ledger.Find(payment.Key)!;
            fresh.Add(offered[i]);
            inBatch[id] = payment;
            statuses[i] = IngestStatus.Stored;
        }

        await session.SaveInstrumentsAsync(newInstruments, cancellationToken);
        await session.InsertFundingAsync(fresh, now, cancellationToken);
        await session.QuarantineAsync(quarantined, cancellationToken);
        await session.SavePositionsAsync([.. touched.Select(t => (t.Value, _marks.GetValueOrDefault(t.Key)))], cancellationToken);
        await session.SaveCheckpointsAsync(checkpoints, cancellationToken);
        await session.CommitAsync(cancellationToken);
        return new IngestReport(statuses, quarantined);
    }

    /// <summary>Checks what the ledger cannot, and keeps the time to the millisecond as the log does.</summary>
    private static FundingPayment Normalize(FundingPayment p)
    {
        Require(p.Venue, "venue");
        Require(p.Account, "account");
        Require(p.Symbol, "symbol");
        Require(p.Asset, "asset");
        Require(p.FundingId, "funding_id");
        return p.Time.Ticks % TimeSpan.TicksPerMillisecond != 0
            ? p with { Time = DateTimeOffset.FromUnixTimeMilliseconds(p.Time.ToUnixTimeMilliseconds()) }
            : p;

        void Require(string? value, string field)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                throw new ArgumentException($"funding {p.FundingId}: {field} \"{value}\" is empty", nameof(p));
            }
        }
    }
}
