using System.Runtime.CompilerServices;
using Tally.Core;
using Tally.Core.Attribution;
using Tally.Storage.Sql;
using Tally.Storage.Sqlite;

namespace Tally.Storage;

/// <summary>
/// The attribution layer beside the ledger (DESIGN.md §3): an <see cref="AttributionBook"/> folded with the same
/// fills, each fill's purpose resolved from <c>order_intents</c> by its client order id, its rows written in the
/// same transaction as the fills. The fast path folds new fills on top of the book and writes only the positions
/// they changed; whenever the live order would differ from a replay's (an out-of-order fill, a late funding payment,
/// another writer's commit, an intent saved after its fills, a reload) the book is rebuilt by replaying the log.
/// </summary>
/// <remarks>
/// Replay order: each key's fills in venue order; a funding payment is split by the open quantities after every
/// fill of its key up to and including its time, before later ones. A key that folds in log order (its first fill
/// has no time) gets its funding after all its fills.
/// </remarks>
public sealed partial class FillLog
{
    /// <summary>Binance's client order id prefix of a liquidation order.</summary>
    public const string LiquidationClientIdPrefix = "autoclose-";

    /// <summary>Binance's client order id prefix of an auto-deleveraging order.</summary>
    public const string AdlClientIdPrefix = "adl_autoclose";

    // Null until a write needs it (and again after a reload or another writer's commit): see EnsureBookAsync.
    private AttributionBook? _book;

    private static readonly IReadOnlyDictionary<(string Venue, string Account, string ClientOrderId), OrderIntent> NoIntents =
        new Dictionary<(string, string, string), OrderIntent>();

    // Bench only (OpenWithoutAttributionAsync): the ledger is folded without the attribution layer.
    private bool _attributionOff;

    // Per key, the time of the latest funding payment the book has split: a fill at or before it means a rebuild.
    private Dictionary<PositionKey, DateTimeOffset> _fundedUntil = [];

    /// <summary>How exits nobody placed are spread over a key's open contributions (fixed when the log is opened).</summary>
    public AttributionPolicy AttributionPolicy { get; private set; } = AttributionPolicy.Fifo;

    /// <summary>
    /// What the order behind <paramref name="fill"/> was for: its intent's purpose, or for a fill no intent explains,
    /// <see cref="OrderPurpose.Unplaced"/> with reason liquidation / adl (from Binance's client order id) or manual.
    /// </summary>
    internal static OrderPurpose PurposeOf(in Fill fill, IReadOnlyDictionary<(string, string, string), OrderIntent> intents, out bool unexplained)
    {
        unexplained = false;
        if (fill.ClientOrderId is { } id)
        {
            if (intents.TryGetValue((fill.Venue, fill.Account, id), out var intent))
            {
                return intent.Purpose;
            }

            if (id.StartsWith(AdlClientIdPrefix, StringComparison.Ordinal))
            {
                return new OrderPurpose.Unplaced(CloseReason.Adl);
            }

            if (id.StartsWith(LiquidationClientIdPrefix, StringComparison.Ordinal))
            {
                return new OrderPurpose.Unplaced(CloseReason.Liquidation);
            }
        }

        unexplained = true;
        return new OrderPurpose.Unplaced(CloseReason.Manual);
    }

    /// <summary>
    /// A purpose the book can take: an exit naming a strategy position the book does not know on the fill's key
    /// falls back to an exit for the intent's strategy; anything else it refuses, to an unplaced manual fill.
    /// </summary>
    private static OrderPurpose Attributable(AttributionBook book, in Fill fill, OrderPurpose purpose, IReadOnlyDictionary<(string, string, string), OrderIntent> intents)
    {
        if (book.Check(fill, purpose) is null)
        {
            return purpose;
        }

        if (purpose is OrderPurpose.ExitPosition exit
            && fill.ClientOrderId is { } id
            && intents.TryGetValue((fill.Venue, fill.Account, id), out var intent))
        {
            OrderPurpose fallback = new OrderPurpose.ExitStrategy(intent.StrategyId, exit.Reason);
            if (book.Check(fill, fallback) is null)
            {
                return fallback;
            }
        }

        return new OrderPurpose.Unplaced(CloseReason.Manual);
    }

    /// <summary>The intents of the fills' orders, looked up inside <paramref name="session"/>.</summary>
    private static Task<IReadOnlyDictionary<(string Venue, string Account, string ClientOrderId), OrderIntent>> IntentsOfAsync(IFillStoreSession session, IEnumerable<Fill> fills, CancellationToken cancellationToken) =>
        session.FindIntentsAsync([.. fills.Where(f => f.ClientOrderId is not null).Select(f => (f.Venue, f.Account, f.ClientOrderId!)).Distinct()], cancellationToken);

    /// <summary>
    /// Replays the log into a fresh book (see the remarks on the class for the order), showing <paramref name="observe"/>
    /// each fill and what it did to strategy positions.
    /// </summary>
    private static async Task<(AttributionBook Book, Dictionary<PositionKey, DateTimeOffset> FundedUntil)> ReplayAttributionAsync(
        InstrumentCatalog catalog,
        IAsyncEnumerable<StoredFill> byPosition,
        IReadOnlyList<StoredFunding> funding,
        IReadOnlyList<OrderIntent> intents,
        AttributionPolicy policy,
        Action<StoredFill, IReadOnlyList<StrategyPositionChange>>? observe,
        CancellationToken cancellationToken)
    {
        var ledger = new Ledger(catalog);
        var book = new AttributionBook(policy);
        var byOrder = new Dictionary<(string, string, string), OrderIntent>();
        foreach (var intent in intents)
        {
            byOrder[(intent.Venue, intent.Account, intent.ClientOrderId)] = intent;
        }

        // Each key's payments by time (then log order), consumed as the key's fills pass their times.
        var pending = funding
            .GroupBy(f => f.Payment.Key)
            .ToDictionary(g => g.Key, g => new Queue<FundingPayment>(g.OrderBy(f => f.Payment.Time).ThenBy(f => f.Seq).Select(f => f.Payment)));
        var fundedUntil = new Dictionary<PositionKey, DateTimeOffset>();

        // A key folds in log order when its first fill as read (timeless first) has no time. That must be told from the
        // stream as read: InVenueOrder puts such a key back in log order, where its first fill may well have a time.
        var logOrderKeys = new HashSet<PositionKey>();
        PositionKey? current = null;
        var logOrder = false;
        await foreach (var stored in InVenueOrder(NoteLogOrder(byPosition, logOrderKeys, cancellationToken), cancellationToken).WithCancellation(cancellationToken))
        {
            var fill = stored.Fill;
            if (current != fill.Key)
            {
                if (current is { } previous)
                {
                    Fund(previous, until: null);
                }

                current = fill.Key;
                logOrder = logOrderKeys.Contains(fill.Key);
            }

            if (!logOrder && fill.Timestamp is { } at)
            {
                Fund(fill.Key, at);
            }

            var purpose = Attributable(book, fill, PurposeOf(fill, byOrder, out _), byOrder);
            book.Apply(ledger, fill, purpose);
            observe?.Invoke(stored, book.LastApplied);
        }

        if (current is { } last)
        {
            Fund(last, until: null);
        }

        foreach (var key in pending.Keys.ToList())
        {
            Fund(key, until: null);
        }

        book.TakeChanged();
        return (book, fundedUntil);

        // Books the key's payments earlier than `until` (all with null).
        void Fund(PositionKey key, DateTimeOffset? until)
        {
            if (!pending.TryGetValue(key, out var queue))
            {
                return;
            }

            while (queue.Count > 0 && (until is null || queue.Peek().Time < until))
            {
                var payment = queue.Dequeue();
                book.ApplyFunding(ledger, payment.Key, payment.Amount, payment.Asset, at: null);
                fundedUntil[key] = fundedUntil.TryGetValue(key, out var was) && was > payment.Time ? was : payment.Time;
            }

            if (queue.Count == 0)
            {
                pending.Remove(key);
            }
        }
    }

    /// <summary>
    /// Rebuilds the book from what <paramref name="session"/> sees (the transaction's own writes included) and
    /// rewrites the three attribution tables from it. <paramref name="observe"/> sees each fill replayed and what it did.
    /// </summary>
    private async Task RebuildAttributionAsync(IFillStoreSession session, Action<StoredFill, IReadOnlyList<StrategyPositionChange>>? observe, CancellationToken cancellationToken)
    {
        var fills = await session.ReadFillsAsync(new FillQuery(ByPosition: true), cancellationToken);
        var funding = await session.ReadFundingAsync(new FundingQuery(), cancellationToken);
        var intents = await session.ReadIntentsAsync(new IntentQuery(), cancellationToken);
        var (book, fundedUntil) = await ReplayAttributionAsync(
            _ledger.Instruments,
            Stream(fills),
            funding,
            intents,
            AttributionPolicy,
            observe,
            cancellationToken);
        _book = book;
        _fundedUntil = fundedUntil;
        await session.SaveAttributionAsync(book.StrategyPositions(), book.ExchangePositions(), replaceAll: true, cancellationToken);
    }

    /// <summary>
    /// The book, replayed from the log inside <paramref name="session"/> when there is none (the first write after
    /// opening, a reload, or another writer's commit). Should the stored tables differ from it, they are rewritten in
    /// the same transaction. The session holds the writer lock, so the store's committed state read beside it is the one
    /// the session sees.
    /// </summary>
    private async Task<AttributionBook> EnsureBookAsync(IFillStoreSession session, CancellationToken cancellationToken)
    {
        if (_book is { } book)
        {
            return book;
        }

        var fills = await session.ReadFillsAsync(new FillQuery(ByPosition: true), cancellationToken);
        (book, var fundedUntil) = await ReplayAttributionAsync(
            _ledger.Instruments,
            Stream(fills),
            await session.ReadFundingAsync(new FundingQuery(), cancellationToken),
            await session.ReadIntentsAsync(new IntentQuery(), cancellationToken),
            AttributionPolicy,
            observe: null,
            cancellationToken);
        if ((await CompareAttributionAsync(_store, book, cancellationToken)).Count > 0)
        {
            await session.SaveAttributionAsync(book.StrategyPositions(), book.ExchangePositions(), replaceAll: true, cancellationToken);
        }

        _book = book;
        _fundedUntil = fundedUntil;
        return book;
    }

    /// <summary>True when the log holds fills but the store no exchange position: the attribution tables were never written (a store just migrated to v5).</summary>
    private async Task<bool> NeedsAttributionRowsAsync(CancellationToken cancellationToken)
    {
        await foreach (var _ in _store.ReadFillsAsync(new FillQuery(Limit: 1), cancellationToken))
        {
            return (await _store.ReadExchangePositionsAsync(cancellationToken)).Count == 0;
        }

        return false;
    }

    /// <summary>
    /// After a load: rebuilds the book from a read snapshot at this log's fold version and, when the stored tables
    /// differ from it (a store migrated to v5, another policy, a writer without the attribution layer), rewrites them.
    /// False when another writer committed meanwhile: load again.
    /// </summary>
    private async Task<bool> SyncAttributionAsync(CancellationToken cancellationToken)
    {
        AttributionBook book;
        Dictionary<PositionKey, DateTimeOffset> fundedUntil;
        List<string> differences;
        await using (var snapshot = await _store.BeginReadAsync(cancellationToken))
        {
            if (await snapshot.ReadFoldVersionAsync(cancellationToken) != _version)
            {
                return false;
            }

            (book, fundedUntil) = await ReplayAttributionAsync(
                _ledger.Instruments,
                snapshot.ReadFillsAsync(new FillQuery(ByPosition: true), cancellationToken),
                await snapshot.ReadFundingAsync(new FundingQuery(), cancellationToken),
                await snapshot.ReadIntentsAsync(new IntentQuery(), cancellationToken),
                AttributionPolicy,
                observe: null,
                cancellationToken);
            differences = await CompareAttributionAsync(snapshot, book, cancellationToken);
        }

        _book = book;
        _fundedUntil = fundedUntil;
        if (differences.Count == 0)
        {
            return true;
        }

        await using var session = await _store.BeginAsync(cancellationToken);
        if (await session.ReadFoldVersionAsync(cancellationToken) != _version)
        {
            return false;
        }

        await session.SaveAttributionAsync(book.StrategyPositions(), book.ExchangePositions(), replaceAll: true, cancellationToken);
        await session.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>One line per row of the three attribution tables that differs from <paramref name="truth"/> (missing, extra or changed).</summary>
    private static async Task<List<string>> CompareAttributionAsync(IFillStoreReader reader, AttributionBook truth, CancellationToken cancellationToken)
    {
        var differences = new List<string>();
        var storedPositions = await reader.ReadStrategyPositionsAsync(new StrategyPositionQuery(), cancellationToken);
        Diff(
            "strategy position",
            storedPositions.ToDictionary(p => $"{p.Venue}/{p.Account}/{p.Symbol}/{p.StrategyPositionId}", p => Row(AttributionRows.Values(p, SqliteDialect.Instance))),
            truth.StrategyPositions().ToDictionary(p => $"{p.Venue}/{p.Account}/{p.Symbol}/{p.StrategyPositionId}", p => Row(AttributionRows.Values(p, SqliteDialect.Instance))));
        var cycles = truth.StrategyPositions().ToDictionary(p => p.ContributionId, p => p.Cycle);
        var storedCycles = storedPositions.ToDictionary(p => p.ContributionId, p => p.Cycle);
        Diff(
            "contribution",
            (await reader.ReadContributionsAsync(null, cancellationToken)).ToDictionary(c => c.ContributionId, c => Row(AttributionRows.Values(c, storedCycles.GetValueOrDefault(c.ContributionId), SqliteDialect.Instance))),
            truth.Contributions().ToDictionary(c => c.ContributionId, c => Row(AttributionRows.Values(c, cycles[c.ContributionId], SqliteDialect.Instance))));
        Diff(
            "exchange position",
            (await reader.ReadExchangePositionsAsync(cancellationToken)).ToDictionary(e => $"{e.Venue}/{e.Account}/{e.ExchangePositionKey}", e => Row(AttributionRows.Values(e, SqliteDialect.Instance))),
            truth.ExchangePositions().ToDictionary(e => $"{e.Venue}/{e.Account}/{e.ExchangePositionKey}", e => Row(AttributionRows.Values(e, SqliteDialect.Instance))));
        return differences;

        static string Row(object?[] values) => string.Join(" | ", values.Select(v => v is null or DBNull ? "-" : Convert.ToString(v, System.Globalization.CultureInfo.InvariantCulture)));

        void Diff(string what, Dictionary<string, string> stored, Dictionary<string, string> replay)
        {
            foreach (var (id, row) in replay)
            {
                if (!stored.TryGetValue(id, out var had))
                {
                    differences.Add($"{what} {id}: missing from the store, replay has {row}");
                }
                else if (had != row)
                {
                    differences.Add($"{what} {id}: stored {had} vs replay {row}");
                }
            }

            foreach (var id in stored.Keys.Where(id => !replay.ContainsKey(id)))
            {
                differences.Add($"{what} {id}: stored, but replay has none");
            }
        }
    }

    /// <summary>
    /// Passes a by-position stream through, adding to <paramref name="logOrderKeys"/> each key whose first fill has no
    /// time (the stream reads a key's timeless fills first), before that fill is passed on.
    /// </summary>
    private static async IAsyncEnumerable<StoredFill> NoteLogOrder(IAsyncEnumerable<StoredFill> byPosition, HashSet<PositionKey> logOrderKeys, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        PositionKey? current = null;
        await foreach (var stored in byPosition.WithCancellation(cancellationToken))
        {
            if (current != stored.Fill.Key)
            {
                current = stored.Fill.Key;
                if (stored.Fill.Timestamp is null)
                {
                    logOrderKeys.Add(current.Value);
                }
            }

            yield return stored;
        }
    }

    private static async IAsyncEnumerable<StoredFill> Stream(IReadOnlyList<StoredFill> fills)
    {
        foreach (var fill in fills)
        {
            yield return fill;
        }

        await Task.CompletedTask;
    }
}
