using System.Runtime.CompilerServices;
using Tally.Core;
using Tally.Core.Attribution;

using Tally.Storage.Live;

namespace Tally.Storage;

/// <summary>
/// The durable ledger: a <see cref="Ledger"/> in memory kept equal to an <see cref="IFillStore"/>. Every
/// batch is one transaction holding the new fills, the positions they change, the cycles they close and any
/// sync checkpoints; a fill is acknowledged (the method returns) only after that commit. If a commit fails,
/// the in-memory ledger is rebuilt from the store, so memory never runs ahead of disk; if that rebuild fails too,
/// the log is faulted (<see cref="FillLogFaultedException"/>) and refuses everything until opened again.
/// </summary>
/// <remarks>
/// <para>An application service: it hands out neither its store nor its live ledger. Callers get copies
/// (<see cref="SnapshotAsync"/>, <see cref="PositionsAsync"/>, <see cref="InstrumentsAsync"/>) that nothing changes
/// under them, or read the log through its query methods.</para>
/// <para>Each position key folds its fills in <see cref="VenueOrder"/>, whatever order they arrive in. A fill
/// that comes after the key's last folded fill (the usual case) is folded on top; one that belongs earlier
/// makes the log re-fold that key from its stored fills, in the same transaction (see FillLog.Refold.cs),
/// so the live state always equals a replay.</para>
/// <para>A fill the ledger cannot take (<see cref="Ledger.Check"/>: unknown symbol, non-positive quantity or price,
/// a spot base-asset fee not smaller than the quantity) is a result, not an exception: its status is
/// <see cref="IngestStatus.Rejected"/> with the reason in <see cref="IngestReport.Rejected"/>, and the rest of the
/// batch is stored.</para>
/// <para>Thread safe: writers are serialized by a semaphore, and across processes by the store's writer lock
/// (<see cref="IFillStoreSession"/>). Every write transaction first compares the store's fold version with the one
/// this log last folded at; when another writer committed since, the log reloads positions and marks before
/// folding, so two processes writing one store never fold on stale positions.</para>
/// </remarks>
public sealed partial class FillLog : IAsyncDisposable
{
    private readonly SemaphoreSlim _writer = new(1, 1);
    private readonly TimeProvider _time;
    private readonly IFillStore _store;
    // Instruments the store holds, by (venue or "" for every venue, symbol).
    private readonly HashSet<(string Venue, string Symbol)> _savedInstruments = [];
    private Ledger _ledger = new();

    // Where each key's fold stands; saved with its position, so it survives a restart.
    private Dictionary<PositionKey, FoldMark> _marks = [];

    // The store's fold version this memory matches (see CatchUpAsync).
    private long _version;

    // Set when a failed write could not be undone by reloading: memory may be ahead of disk.
    private volatile FillLogFaultedException? _fault;

    private FillLog(IFillStore store, TimeProvider time)
    {
        _store = store;
        _time = time;
    }

    /// <summary>Where the store is, safe to print (never a password).</summary>
    public string Description => _store.Description;

    /// <summary>What this log's committed writes changed, for live subscribers (see <see cref="LogChange"/>).</summary>
    public ChangeFeed Changes { get; } = new();

    /// <summary>True once a failed write could not be undone; every call then throws <see cref="FillLogFaultedException"/>.</summary>
    public bool IsFaulted => _fault is not null;

    /// <summary>
    /// Migrates the store and rebuilds the ledger from it: saved positions, then any fills not yet folded. Exits nobody
    /// placed are attributed by the policy the store was folded with (fifo for a new store). The log owns the store from now on.
    /// </summary>
    public static Task<FillLog> OpenAsync(IFillStore store, TimeProvider time, CancellationToken cancellationToken) =>
        OpenCoreAsync(store, time, asked: null, attributionOff: false, cancellationToken);

    /// <summary>
    /// Like <see cref="OpenAsync(IFillStore, TimeProvider, CancellationToken)"/>, attributing exits nobody placed by
    /// <paramref name="policy"/>: a store without fills is set to it; a store whose fills were folded with another is refused.
    /// </summary>
    /// <exception cref="AttributionPolicyMismatchException">The store holds fills folded with another policy.</exception>
    public static Task<FillLog> OpenAsync(IFillStore store, TimeProvider time, AttributionPolicy policy, CancellationToken cancellationToken) =>
        OpenCoreAsync(store, time, policy, attributionOff: false, cancellationToken);

    private static async Task<FillLog> OpenCoreAsync(IFillStore store, TimeProvider time, AttributionPolicy? asked, bool attributionOff, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        await store.MigrateAsync(cancellationToken);
        var log = new FillLog(store, time) { _attributionOff = attributionOff };
        log.AttributionPolicy = await log.AgreePolicyAsync(asked, cancellationToken);
        await log.LoadAsync(cancellationToken);
        return log;
    }

    /// <summary>
    /// The policy to fold with: the store's, or <paramref name="asked"/> when it differs and the store holds no fill yet
    /// (then saved, and the fold version moved so other logs on the store take it up).
    /// </summary>
    private async Task<AttributionPolicy> AgreePolicyAsync(AttributionPolicy? asked, CancellationToken cancellationToken)
    {
        var stored = await _store.ReadAttributionPolicyAsync(cancellationToken);
        if (asked is not { } policy || policy == stored)
        {
            return stored;
        }

        await using var session = await _store.BeginAsync(cancellationToken);
        stored = await session.ReadAttributionPolicyAsync(cancellationToken); // under the writer lock now
        if (policy == stored)
        {
            return stored;
        }

        if ((await session.ReadFillsAsync(new FillQuery(Limit: 1), cancellationToken)).Count > 0)
        {
            throw new AttributionPolicyMismatchException(stored, policy);
        }

        await session.SaveAttributionPolicyAsync(policy, cancellationToken);
        await session.BumpFoldVersionAsync(cancellationToken);
        await session.CommitAsync(cancellationToken);
        return policy;
    }

    /// <summary>
    /// Bench only (reached through Tally.Bench, never from a config or a command's option): a log that folds the
    /// ledger alone, without the attribution layer (no intent look-ups, no attribution book, no attribution rows), so
    /// <c>tally bench ingest</c> can measure the layer's cost in one run. Safe on any store: the next log opened with the
    /// layer rebuilds the book from the log and rewrites the attribution tables where they differ at its first write
    /// (EnsureBookAsync); until then <c>tally verify</c> reports the difference.
    /// </summary>
    internal static Task<FillLog> OpenWithoutAttributionAsync(IFillStore store, TimeProvider time, CancellationToken cancellationToken) =>
        OpenCoreAsync(store, time, asked: null, attributionOff: true, cancellationToken);

    /// <summary>
    /// Registers instruments for every venue without an own definition, before their first fill. Changing an
    /// instrument that already has fills (on any venue) would change history, so it is refused.
    /// </summary>
    /// <exception cref="InvalidOperationException">An instrument with fills would be redefined.</exception>
    public Task DefineInstrumentsAsync(IReadOnlyList<Instrument> instruments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instruments);
        return DefineInstrumentsAsync([.. instruments.Select(i => new InstrumentDefinition(null, i))], cancellationToken);
    }

    /// <summary>
    /// Registers instruments before their first fill, each for its venue (the fill's venue picks the instrument) or,
    /// with no venue, for every venue without an own definition. Changing an instrument that already has fills on a
    /// venue it applies to would change history, so it is refused; a definition for every venue is checked against
    /// the fills of every venue.
    /// </summary>
    /// <exception cref="InvalidOperationException">An instrument with fills would be redefined.</exception>
    public Task DefineInstrumentsAsync(IReadOnlyList<InstrumentDefinition> instruments, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(instruments);
        return WriteAsync(
            async ct =>
            {
                await using var session = await _store.BeginAsync(ct);
                await CatchUpAsync(session, ct);
                foreach (var (venue, instrument) in instruments)
                {
                    var used = _ledger.Positions.Where(p => p.Key.Symbol == instrument.Symbol && (venue is null || p.Key.Venue == venue));
                    if (used.Select(p => p.Instrument).FirstOrDefault(current => current != instrument) is { } current)
                    {
                        throw new InvalidOperationException(
                            $"instrument {(venue is null ? "" : venue + "/")}{instrument.Symbol} already has fills as {Describe(current)}; redefining it as {Describe(instrument)} would rewrite history");
                    }
                }

                await session.SaveInstrumentsAsync(instruments, ct);
                var version = await session.BumpFoldVersionAsync(ct);
                await session.CommitAsync(ct);
                _version = version;
                foreach (var (venue, instrument) in instruments)
                {
                    _ledger.Instruments.Add(venue, instrument);
                    _savedInstruments.Add((venue ?? "", instrument.Symbol));
                }

                return true;
            },
            cancellationToken);
    }

    /// <summary>
    /// Appends a batch idempotently and folds what is new, all in one transaction. Returns once committed:
    /// every status in the report is an acknowledgement. A fill the ledger cannot take is <see cref="IngestStatus.Rejected"/>
    /// (nothing of it stored) and the others are stored as usual.
    /// </summary>
    /// <exception cref="FillLogFaultedException">The log is faulted (an earlier failure); open it again.</exception>
    /// <remarks>When the store fails, that exception is thrown and nothing of the batch is kept, in memory or on disk.</remarks>
    public Task<IngestReport> IngestAsync(IReadOnlyList<IncomingFill> batch, IReadOnlyList<SyncCheckpoint>? checkpoints, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return WriteAsync(ct => IngestLockedAsync(batch, checkpoints ?? [], ct), cancellationToken);
    }

    public Task<IngestReport> IngestAsync(IReadOnlyList<IncomingFill> batch, CancellationToken cancellationToken) =>
        IngestAsync(batch, checkpoints: null, cancellationToken);

    /// <summary>
    /// Like <see cref="IngestAsync(IReadOnlyList{IncomingFill}, IReadOnlyList{SyncCheckpoint}?, CancellationToken)"/>, writing
    /// <paramref name="audit"/> in the same transaction when every fill of the batch is stored (none already present,
    /// quarantined or rejected); otherwise the fills' outcome stands and nothing is audited (the report says why).
    /// An empty batch writes the audit entries alone. Used by reconciliation: a correction and its audit commit together.
    /// </summary>
    public Task<IngestReport> IngestAuditedAsync(IReadOnlyList<IncomingFill> batch, IReadOnlyList<AuditEntry> audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(batch);
        ArgumentNullException.ThrowIfNull(audit);
        return WriteAsync(ct => IngestLockedAsync(batch, [], ct, audit), cancellationToken);
    }

    /// <summary>Every audit entry, oldest first.</summary>
    public Task<IReadOnlyList<AuditEntry>> ReadAuditAsync(CancellationToken cancellationToken) => Read(_store.ReadAuditAsync, cancellationToken);

    /// <summary>
    /// Folds the whole log (or the part up to <paramref name="until"/>) into a fresh ledger: each key's fills in
    /// <see cref="VenueOrder"/>, and every funding payment. <c>Fills</c> counts the fills folded.
    /// </summary>
    /// <remarks>Reads one snapshot of the store (a read transaction), so writers committing meanwhile do not tear it.</remarks>
    public async Task<(Ledger Ledger, long Fills)> ReplayAsync(DateTimeOffset? until, CancellationToken cancellationToken)
    {
        ThrowIfFaulted();
        await using var snapshot = await _store.BeginReadAsync(cancellationToken);
        return await ReplayAsync(snapshot, until, observe: null, cancellationToken);
    }

    /// <summary>
    /// Compares the live ledger, the stored positions, the stored cycles and each stored fill's action and
    /// realized PnL with a full replay of the log, all read in one read transaction: a consistent snapshot of the
    /// store, whatever other writers commit meanwhile. The live ledger is compared when it is at that snapshot's fold
    /// version; one that another writer has moved past is stale by design (it catches up before its next write).
    /// </summary>
    public async Task<VerifyReport> VerifyAsync(CancellationToken cancellationToken)
    {
        ThrowIfFaulted();
        await using var snapshot = await _store.BeginReadAsync(cancellationToken);
        var version = await snapshot.ReadFoldVersionAsync(cancellationToken);
        var live = await LiveAtAsync(version, cancellationToken);
        var replayedCycles = new Dictionary<PositionKey, List<CycleSummary>>();
        var fillDifferences = new List<string>();
        var (replayed, count) = await ReplayAsync(
            snapshot,
            until: null,
            (stored, outcome) =>
            {
                if (outcome.ClosedCycle is { } cycle)
                {
                    (replayedCycles.TryGetValue(cycle.Key, out var list) ? list : replayedCycles[cycle.Key] = []).Add(cycle);
                }

                if (stored.Action != outcome.Action || stored.RealizedPnl != outcome.RealizedPnl)
                {
                    fillDifferences.Add(
                        $"{FillIdentity.Of(stored.Fill)}: stored {stored.Action?.ToWireName() ?? "unfolded"} realized {(stored.RealizedPnl is { } r ? DecimalText.Format(r) : "-")}" +
                        $" vs replay {outcome.Action.ToWireName()} realized {DecimalText.Format(outcome.RealizedPnl)}");
                }
            },
            cancellationToken);
        var (book, _) = await ReplayAttributionAsync(
            replayed.Instruments,
            snapshot.ReadFillsAsync(new FillQuery(ByPosition: true), cancellationToken),
            await snapshot.ReadFundingAsync(new FundingQuery(), cancellationToken),
            await snapshot.ReadIntentsAsync(new IntentQuery(), cancellationToken),
            await snapshot.ReadAttributionPolicyAsync(cancellationToken),
            observe: null,
            cancellationToken);
        var attributionDifferences = await CompareAttributionAsync(snapshot, book, cancellationToken);
        var stored = (await snapshot.ReadPositionsAsync(cancellationToken)).ToDictionary(p => p.Key, p => p.State);
        var storedCycles = (await snapshot.ReadCyclesAsync(cancellationToken)).GroupBy(c => c.Key).ToDictionary(g => g.Key, g => g.ToList());
        var differences = new List<string>();
        var keys = replayed.Positions.Select(p => p.Key).Union(stored.Keys).Union(live?.Positions.Select(p => p.Key) ?? []).ToList();
        foreach (var key in keys)
        {
            var truth = replayed.Find(key)?.Capture();
            if (live is not null)
            {
                Compare(key, "live ledger", live.Find(key)?.Capture(), truth, differences);
            }

            Compare(key, "stored position", stored.GetValueOrDefault(key), truth, differences);
            var cycles = storedCycles.GetValueOrDefault(key) ?? [];
            var truthCycles = replayedCycles.GetValueOrDefault(key) ?? [];
            if (truth is not null && cycles.Count != truth.ClosedCycles)
            {
                differences.Add($"{key}: stored cycles {cycles.Count} vs replay {truth.ClosedCycles}");
            }
            else if (cycles.Zip(truthCycles).FirstOrDefault(pair => !SameCycle(pair.First, pair.Second)) is ({ } differing, _))
            {
                differences.Add($"{key}: stored cycle {differing.Number} differs from replay");
            }
        }

        // A fill's action and realized PnL are shown by `tally trades`; a re-fold must have rewritten them.
        const int Shown = 20;
        differences.AddRange(fillDifferences.Take(Shown));
        if (fillDifferences.Count > Shown)
        {
            differences.Add($"... and {fillDifferences.Count - Shown} more fills whose stored action or realized PnL differs from replay");
        }

        differences.AddRange(attributionDifferences);
        return new VerifyReport(count, keys.Count, differences);
    }

    /// <summary>
    /// A copy of the live ledger as of the last commit: its instruments and every position's state. The log never
    /// changes it; folding into it changes only the copy.
    /// </summary>
    public async Task<Ledger> SnapshotAsync(CancellationToken cancellationToken)
    {
        await _writer.WaitAsync(cancellationToken);
        try
        {
            ThrowIfFaulted();
            return _ledger.Copy();
        }
        finally
        {
            _writer.Release();
        }
    }

    /// <summary>A copy of the live ledger if it is at fold version <paramref name="version"/>; otherwise null.</summary>
    private async Task<Ledger?> LiveAtAsync(long version, CancellationToken cancellationToken)
    {
        await _writer.WaitAsync(cancellationToken);
        try
        {
            ThrowIfFaulted();
            return _version == version ? _ledger.Copy() : null;
        }
        finally
        {
            _writer.Release();
        }
    }

    /// <summary>A copy of the instruments the log knows (registered, stored or inferred from a fill's symbol).</summary>
    public async Task<InstrumentCatalog> InstrumentsAsync(CancellationToken cancellationToken)
    {
        await _writer.WaitAsync(cancellationToken);
        try
        {
            ThrowIfFaulted();
            return _ledger.Instruments.Copy();
        }
        finally
        {
            _writer.Release();
        }
    }

    /// <summary>
    /// Positions as of <paramref name="at"/> (a replay of the log up to then), or the live ones; sorted by key. Each is
    /// a copy: later ingests leave it as it was.
    /// </summary>
    public async Task<IReadOnlyList<Position>> PositionsAsync(DateTimeOffset? at, CancellationToken cancellationToken)
    {
        var ledger = at is null ? await SnapshotAsync(cancellationToken) : (await ReplayAsync(at, cancellationToken)).Ledger;
        return [.. ledger.Positions
            .OrderBy(p => p.Key.Venue, StringComparer.Ordinal)
            .ThenBy(p => p.Key.Account, StringComparer.Ordinal)
            .ThenBy(p => p.Key.Symbol, StringComparer.Ordinal)
            .ThenBy(p => p.Key.PositionSide)];
    }

    public async Task<IReadOnlyList<StoredFill>> RecentTradesAsync(string? symbol, string? venue, int limit, CancellationToken cancellationToken)
    {
        var fills = new List<StoredFill>();
        await foreach (var stored in ReadFillsAsync(new FillQuery(Symbol: symbol, Venue: venue, Newest: true, Limit: limit), cancellationToken))
        {
            fills.Add(stored);
        }

        return fills;
    }

    /// <exception cref="ArgumentException">The symbol has no fills and no instrument can be inferred for it.</exception>
    public async Task<TradeStatistics> StatisticsAsync(string symbol, DateTimeOffset? since, CancellationToken cancellationToken)
    {
        var fills = new List<(Fill, decimal?)>();
        await foreach (var stored in ReadFillsAsync(new FillQuery(Symbol: symbol, Since: since), cancellationToken))
        {
            fills.Add((stored.Fill, stored.RealizedPnl));
        }

        // The instrument of the symbol's first fill's venue (a venue-scoped definition), else one for every venue or inferred.
        var catalog = await InstrumentsAsync(cancellationToken);
        var instrument = (fills.Count > 0 ? catalog.TryResolve(fills[0].Item1.Venue, symbol, out var known) : catalog.TryResolve(symbol, out known))
            ? known
            : throw new ArgumentException($"symbol {symbol}: no fills and no known quote asset", nameof(symbol));
        return TradeStatistics.Of(instrument, since, fills);
    }

    /// <summary>Stored fills matching <paramref name="query"/>, as the store reads them.</summary>
    public async IAsyncEnumerable<StoredFill> ReadFillsAsync(FillQuery query, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ThrowIfFaulted();
        await foreach (var stored in _store.ReadFillsAsync(query, cancellationToken))
        {
            yield return stored;
        }
    }

    public Task<long> CountFillsAsync(CancellationToken cancellationToken) => Read(_store.CountFillsAsync, cancellationToken);

    /// <summary>Every sync checkpoint, by venue, account, symbol and kind.</summary>
    public Task<IReadOnlyList<SyncCheckpoint>> ReadCheckpointsAsync(CancellationToken cancellationToken) => Read(_store.ReadCheckpointsAsync, cancellationToken);

    /// <summary>Every quarantined record, oldest first.</summary>
    public Task<IReadOnlyList<QuarantineEntry>> ReadQuarantineAsync(CancellationToken cancellationToken) => Read(_store.ReadQuarantineAsync, cancellationToken);

    /// <summary>Stored funding payments matching <paramref name="query"/>, in log order.</summary>
    public Task<IReadOnlyList<StoredFunding>> ReadFundingAsync(FundingQuery query, CancellationToken cancellationToken) =>
        Read(ct => _store.ReadFundingAsync(query, ct), cancellationToken);

    /// <summary>Every stored closed cycle.</summary>
    public Task<IReadOnlyList<CycleSummary>> ReadCyclesAsync(CancellationToken cancellationToken) => Read(_store.ReadCyclesAsync, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        Changes.Complete();
        await _store.DisposeAsync();
        _writer.Dispose();
    }

    /// <summary>
    /// Runs one write under the writer lock. If it fails, whatever it folded in memory was not committed, so the log
    /// reloads from the store; if that fails too, the log is faulted. Either way the write's own exception is thrown.
    /// </summary>
    private async Task<T> WriteAsync<T>(Func<CancellationToken, Task<T>> write, CancellationToken cancellationToken)
    {
        await _writer.WaitAsync(cancellationToken);
        try
        {
            ThrowIfFaulted();
            try
            {
                return await write(cancellationToken);
            }
            catch (Exception failure)
            {
                await ReloadAfterAsync(failure);
                throw;
            }
        }
        finally
        {
            _writer.Release();
        }
    }

    [System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1031", Justification = "Any reload failure faults the log; the write's failure is rethrown by the caller.")]
    private async Task ReloadAfterAsync(Exception failure)
    {
        try
        {
            await LoadAsync(CancellationToken.None);
        }
        catch (Exception reload)
        {
            _fault = new FillLogFaultedException(failure, reload);
        }
    }

    private async Task<T> Read<T>(Func<CancellationToken, Task<T>> read, CancellationToken cancellationToken)
    {
        ThrowIfFaulted();
        return await read(cancellationToken);
    }

    private void ThrowIfFaulted()
    {
        if (_fault is { } fault)
        {
            throw new FillLogFaultedException(fault.InnerException!, fault.ReloadFailure!);
        }
    }

    private async Task<IngestReport> IngestLockedAsync(IReadOnlyList<IncomingFill> batch, IReadOnlyList<SyncCheckpoint> checkpoints, CancellationToken cancellationToken, IReadOnlyList<AuditEntry>? audit = null)
    {
        var now = _time.GetUtcNow();
        await using var session = await _store.BeginAsync(cancellationToken);
        await CatchUpAsync(session, cancellationToken);
        var book = _attributionOff ? null : await EnsureBookAsync(session, cancellationToken);
        var offered = batch.Select(f => f with { Fill = Normalize(f.Fill) }).ToList();
        var existing = await session.FindAsync(offered.Select(f => FillIdentity.Of(f.Fill)).ToHashSet(), cancellationToken);

        var statuses = new IngestStatus[offered.Count];
        var inBatch = new Dictionary<FillIdentity, Fill>();
        var fresh = new List<FreshFill>();
        var quarantined = new List<QuarantineEntry>();
        var newInstruments = new List<InstrumentDefinition>();

        var rejected = new List<IngestRejection>();

        for (var i = 0; i < offered.Count; i++)
        {
            var (fill, raw) = (offered[i].Fill, offered[i].Raw);
            if (_ledger.Check(fill) is { } rejection)
            {
                statuses[i] = IngestStatus.Rejected;
                rejected.Add(new IngestRejection(i, rejection));
                continue;
            }

            var id = FillIdentity.Of(fill);
            var instrument = _ledger.Instruments.Resolve(fill.Venue, fill.Symbol);
            Fill? earlier = existing.TryGetValue(id, out var stored) ? stored.Fill : inBatch.TryGetValue(id, out var sameBatch) ? sameBatch : null;
            if (earlier is { } first)
            {
                if (FillConflict.Describe(first, fill, instrument) is { } reason)
                {
                    statuses[i] = IngestStatus.Quarantined;
                    quarantined.Add(new QuarantineEntry(0, fill.Venue, fill.Account, fill.Symbol, fill.TradeId, reason, raw ?? FillText.Describe(fill), now));
                }
                else
                {
                    statuses[i] = IngestStatus.AlreadyPresent;
                }

                continue;
            }

            RememberInstrument(fill.Venue, instrument, newInstruments);

            fresh.Add(new FreshFill(fresh.Count, fill, raw, instrument));
            inBatch[id] = fill;
            statuses[i] = IngestStatus.Stored;
        }

        // Each new fill's purpose, from the intent of its order (committed before the order was sent).
        var intents = book is null ? NoIntents : await IntentsOfAsync(session, fresh.Select(f => f.Fill), cancellationToken);
        var purposes = new OrderPurpose[fresh.Count];
        var unexplained = new List<Fill>();
        foreach (var f in book is null ? Enumerable.Empty<FreshFill>() : fresh)
        {
            purposes[f.Slot] = PurposeOf(f.Fill, intents, out var unknown);
            if (unknown)
            {
                unexplained.Add(f.Fill);
            }
        }

        var fold = new BatchFold(fresh.Count)
        {
            // A fill at or before a funding payment the book has split already: the split must be redone.
            NeedsRebuild = fresh.Exists(f => _fundedUntil.TryGetValue(f.Fill.Key, out var funded)
                && (_marks.GetValueOrDefault(f.Fill.Key).LogOrder || f.Fill.Timestamp is not { } at || at <= funded)),
        };
        foreach (var keyFills in GroupByKey(fresh))
        {
            await FoldKeyAsync(_ledger, _marks, session, keyFills, fold, book, f => Attributable(book!, f.Fill, purposes[f.Slot], intents), cancellationToken);
        }

        var rows = new List<NewFillRow>(fresh.Count);
        foreach (var f in fresh)
        {
            var (p1, p2) = CashFlow.DeltaOf(f.Instrument, f.Fill);
            var effect = fold.Outcomes[f.Slot];
            rows.Add(new NewFillRow(f.Fill, f.Raw, effect.Action, effect.RealizedPnl, p1, p2, now));
        }

        await session.SaveInstrumentsAsync(newInstruments, cancellationToken);
        await session.InsertFillsAsync(rows, cancellationToken);
        await session.QuarantineAsync(quarantined, cancellationToken);
        await WriteFoldAsync(session, fold, _marks, cancellationToken);
        var applied = fold.Applied;
        if (book is not null && fold.NeedsRebuild)
        {
            var ids = fresh.Select(f => FillIdentity.Of(f.Fill)).ToHashSet();
            applied = [];
            await RebuildAttributionAsync(
                session,
                (stored, changes) =>
                {
                    if (ids.Contains(FillIdentity.Of(stored.Fill)))
                    {
                        applied.Add((stored.Fill, changes));
                    }
                },
                cancellationToken);
        }
        else if (book is not null) // null only in the bench (OpenWithoutAttributionAsync)
        {
            var (positions, exchanges) = book.TakeChanged();
            await session.SaveAttributionAsync(positions, exchanges, replaceAll: false, cancellationToken);
        }

        await session.SaveCheckpointsAsync(checkpoints, cancellationToken);
        if (audit is not null && Array.TrueForAll(statuses, s => s == IngestStatus.Stored))
        {
            foreach (var entry in audit)
            {
                await session.AuditAsync(entry, cancellationToken);
            }
        }

        var version = await session.BumpFoldVersionAsync(cancellationToken);
        var report = new IngestReport(statuses, quarantined, rejected)
        {
            Positions = [.. fresh.Select(f => fold.Outcomes[f.Slot])],
            Attribution = [.. applied.SelectMany(a => a.Changes.Select(c => new AttributionChange(EventOf(c), c.Position, a.Fill)))],
            UnexplainedOrders = unexplained,
        };
        var committed = new FillsCommitted(now, report);
        await WriteOutboxAsync(session, committed, cancellationToken);
        await session.CommitAsync(cancellationToken);
        _version = version;
        Changes.Publish(committed);
        return report;
    }

    private static StrategyPositionEvent EventOf(StrategyPositionChange change) =>
        change.Opened ? StrategyPositionEvent.Opened
        : change.Exited == 0m ? StrategyPositionEvent.Increased
        : change.Position.Status == StrategyPositionStatus.Closed ? StrategyPositionEvent.Closed
        : StrategyPositionEvent.Reduced;

    /// <summary>Rebuilds memory from the store: saved positions and marks, then a re-fold of any key with fills not yet folded.</summary>
    private async Task LoadAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var state = await ReadStateAsync(cancellationToken);
            if (state.Pending.Count == 0)
            {
                Adopt(state);
            }
            else
            {
                await using var session = await _store.BeginAsync(cancellationToken);
                if (await session.ReadFoldVersionAsync(cancellationToken) != state.Version)
                {
                    continue; // another writer committed between the reads and the lock: read again
                }

                await FoldPendingAsync(state, session, cancellationToken);
                var version = await session.BumpFoldVersionAsync(cancellationToken);
                await session.CommitAsync(cancellationToken);
                Adopt(state with { Version = version });
            }

            // The attribution book is a replay of the log, built at the first write (EnsureBookAsync), so opening a
            // log to read stays cheap. A store that has fills but no attribution rows yet (just migrated to v5) gets
            // them now (another writer committing meanwhile: read again).
            _book = null;
            if (_attributionOff || !await NeedsAttributionRowsAsync(cancellationToken) || await SyncAttributionAsync(cancellationToken))
            {
                return;
            }
        }
    }

    /// <summary>
    /// Called first in every write transaction (which holds the store's writer lock): when another writer (another
    /// process, or another log on the same store) committed since this log last folded, memory is stale, so it is
    /// read again from the store before anything is folded on top of it.
    /// </summary>
    private async Task CatchUpAsync(IFillStoreSession session, CancellationToken cancellationToken)
    {
        if (await session.ReadFoldVersionAsync(cancellationToken) == _version)
        {
            return;
        }

        // Nobody else can commit while this transaction holds the lock, so these reads are the state to fold on.
        AttributionPolicy = await session.ReadAttributionPolicyAsync(cancellationToken);
        var state = await ReadStateAsync(cancellationToken);
        await FoldPendingAsync(state, session, cancellationToken);
        Adopt(state);
        _book = null; // rebuilt from the log by the write that needs it (EnsureBookAsync)
    }

    /// <summary>The store's fold version, read first: a writer committing during the reads can only make it look older, never newer.</summary>
    private async Task<StoreState> ReadStateAsync(CancellationToken cancellationToken)
    {
        var version = await _store.ReadFoldVersionAsync(cancellationToken);
        var catalog = await CatalogAsync(cancellationToken);
        var ledger = new Ledger(catalog);
        foreach (var (key, state) in await _store.ReadPositionsAsync(cancellationToken))
        {
            ledger.Restore(key, state);
        }

        var marks = new Dictionary<PositionKey, FoldMark>(await _store.ReadFoldMarksAsync(cancellationToken));

        // Fills stored but not folded: none, unless something wrote the log without folding, or migration 2
        // asked for the whole log to be folded again in venue order. Their keys are re-folded from the store.
        var pendingKeys = new HashSet<PositionKey>();
        await foreach (var stored in _store.ReadFillsAsync(new FillQuery(OnlyUnprocessed: true), cancellationToken))
        {
            pendingKeys.Add(stored.Fill.Key);
        }

        return new StoreState(version, ledger, marks, [.. catalog.Definitions.Select(d => (d.Venue ?? "", d.Instrument.Symbol))], pendingKeys);
    }

    private static async Task FoldPendingAsync(StoreState state, IFillStoreSession session, CancellationToken cancellationToken)
    {
        if (state.Pending.Count == 0)
        {
            return;
        }

        var fold = new BatchFold(0);
        foreach (var key in state.Pending)
        {
            await RefoldAsync(state.Ledger, state.Marks, session, key, [], fold, cancellationToken);
        }

        await WriteFoldAsync(session, fold, state.Marks, cancellationToken);
    }

    private void Adopt(StoreState state)
    {
        _ledger = state.Ledger;
        _marks = state.Marks;
        _version = state.Version;
        _savedInstruments.Clear();
        _savedInstruments.UnionWith(state.SavedInstruments);
    }

    private Task<InstrumentCatalog> CatalogAsync(CancellationToken cancellationToken) => CatalogAsync(_store, cancellationToken);

    private static async Task<InstrumentCatalog> CatalogAsync(IFillStoreReader reader, CancellationToken cancellationToken)
    {
        var catalog = new InstrumentCatalog();
        foreach (var instrument in await reader.ReadInstrumentsAsync(cancellationToken))
        {
            catalog.Add(instrument);
        }

        return catalog;
    }

    /// <summary>Queues an instrument inferred for <paramref name="venue"/> (now the venue's own) for saving, once; a definition for every venue is saved already.</summary>
    private void RememberInstrument(string venue, Instrument instrument, List<InstrumentDefinition> newInstruments)
    {
        if (_ledger.Instruments.HasOwn(venue, instrument.Symbol) && _savedInstruments.Add((venue, instrument.Symbol)))
        {
            newInstruments.Add(new InstrumentDefinition(venue, instrument));
        }
    }

    private static void Compare(PositionKey key, string what, PositionState? actual, PositionState? truth, List<string> differences)
    {
        if (actual is null && truth is null)
        {
            return;
        }

        if (actual is null || truth is null)
        {
            differences.Add($"{key}: {what} {(actual is null ? "missing" : "present")}, replay {(truth is null ? "has none" : "has one")}");
            return;
        }

        if (actual.SameAs(truth))
        {
            return;
        }

        var fields = new List<string>();
        Field("signed_qty", actual.SignedQuantity, truth.SignedQuantity);
        Field("avg_entry_price", actual.AverageEntryPrice, truth.AverageEntryPrice);
        Field("realized_pnl", actual.RealizedPnl, truth.RealizedPnl);
        Field("settlement_fees", actual.SettlementFees, truth.SettlementFees);
        Field("p1", actual.P1, truth.P1);
        Field("p2", actual.P2, truth.P2);
        Field("cycles", actual.ClosedCycles, truth.ClosedCycles);
        differences.Add($"{key}: {what} differs from replay: {(fields.Count > 0 ? string.Join("; ", fields) : "fees, entries or cycle state")}");

        void Field(string name, decimal left, decimal right)
        {
            if (left != right)
            {
                fields.Add($"{name} {DecimalText.Format(left)} vs {DecimalText.Format(right)}");
            }
        }
    }

    // The log keeps times to the millisecond (as venues report them), so the live fold must see the same.
    private static Fill Normalize(Fill fill) =>
        fill.Timestamp is { } ts && ts.Ticks % TimeSpan.TicksPerMillisecond != 0
            ? fill with { Timestamp = DateTimeOffset.FromUnixTimeMilliseconds(ts.ToUnixTimeMilliseconds()) }
            : fill;

    /// <summary>What the store holds, read for a load or a catch-up: <see cref="Pending"/> are keys with fills not yet folded.</summary>
    private sealed record StoreState(long Version, Ledger Ledger, Dictionary<PositionKey, FoldMark> Marks, IReadOnlyList<(string Venue, string Symbol)> SavedInstruments, HashSet<PositionKey> Pending);

    private static string Describe(Instrument i) => $"{i.Kind.ToWireName()} {i.BaseAsset}/{i.QuoteAsset} x{DecimalText.Format(i.Multiplier)}";
}
