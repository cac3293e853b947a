using System.Runtime.CompilerServices;
using Tally.Core;
using Tally.Core.Attribution;

using Tally.Storage.Live;

namespace Tally.Storage;

/// <summary>Folding each key in venue order: the fast path on top of the fold, and the re-fold of a key when a fill belongs earlier.</summary>
public sealed partial class FillLog
{
    /// <summary>Folds one key's new fills (in batch order): on top of its fold when they come after it, else by re-folding the key.</summary>
    /// <remarks>
    /// With <paramref name="book"/>, each fill of the fast path is folded through it with the purpose
    /// <paramref name="purpose"/> gives at that moment; a re-fold marks the batch for an attribution rebuild instead.
    /// </remarks>
    private static async Task FoldKeyAsync(Ledger ledger, Dictionary<PositionKey, FoldMark> marks, IFillStoreSession session, List<FreshFill> fills, BatchFold fold, AttributionBook? book, Func<FreshFill, OrderPurpose> purpose, CancellationToken cancellationToken)
    {
        var key = fills[0].Fill.Key;
        var mark = marks.GetValueOrDefault(key);
        var timeless = fills.Exists(f => f.Fill.Timestamp is null);
        IReadOnlyList<FreshFill> order;
        if (mark.LogOrder || (mark.IsEmpty && timeless))
        {
            order = fills; // log order, and these come last in the log
        }
        else if (timeless)
        {
            // A key in venue order gets its first fill without a time: it folds in log order from now on.
            await RefoldAsync(ledger, marks, session, key, fills, fold, cancellationToken);
            return;
        }
        else
        {
            // The batch's own fills may be out of order; sorting them is enough as long as all come after the fold.
            order = InVenueOrder(fills);
            if (!mark.CanAppend(order[0].Fill))
            {
                await RefoldAsync(ledger, marks, session, key, fills, fold, cancellationToken);
                return;
            }
        }

        foreach (var f in order)
        {
            FillOutcome outcome;
            if (book is null || fold.NeedsRebuild)
            {
                outcome = ledger.Apply(f.Fill);
            }
            else
            {
                outcome = book.Apply(ledger, f.Fill, purpose(f));
                fold.Applied.Add((f.Fill, book.LastApplied));
            }

            // The cycle summary is built once, for the effect and the cycles written with the batch.
            var effect = EffectOf(f.Fill, outcome);
            fold.Outcomes[f.Slot] = effect;
            if (effect.ClosedCycle is { } cycle)
            {
                fold.Closed.Add(cycle);
            }

            mark = mark.After(f.Fill);
        }

        marks[key] = mark;
        fold.Touched[key] = ledger.Find(key)!;
    }

    /// <summary>
    /// Rebuilds <paramref name="key"/> from everything the store holds for it plus <paramref name="fresh"/> (not yet
    /// stored; they come last in log order): its fills in fold order, its funding, its closed cycles, and the action and
    /// realized PnL of every stored fill whose values change. Reads inside <paramref name="session"/>, so the
    /// rewrite commits (or not) with the batch that caused it.
    /// </summary>
    private static async Task RefoldAsync(Ledger ledger, Dictionary<PositionKey, FoldMark> marks, IFillStoreSession session, PositionKey key, List<FreshFill> fresh, BatchFold fold, CancellationToken cancellationToken)
    {
        fold.NeedsRebuild = true; // the key's fills fold in another order than they did: so must its attribution
        var stored = await session.ReadFillsAsync(FillQuery.Of(key), cancellationToken);
        var funding = await session.ReadFundingAsync(new FundingQuery(key.Venue, key.Account, key.Symbol, key.PositionSide), cancellationToken);

        // New fills get their sequence numbers on insert, after every stored one and in batch order; only that order matters here.
        var items = new List<(Fill Fill, long Seq, StoredFill? Stored, int Slot)>(stored.Count + fresh.Count);
        items.AddRange(stored.Select(s => (s.Fill, s.Seq, (StoredFill?)s, -1)));
        var next = stored.Count == 0 ? 1 : stored[^1].Seq + 1;
        items.AddRange(fresh.Select(f => (f.Fill, next++, (StoredFill?)null, f.Slot)));
        if (!items.Exists(i => i.Fill.Timestamp is null))
        {
            items.Sort((a, b) => VenueOrder.Compare(a.Fill, a.Seq, b.Fill, b.Seq));
        }

        var scratch = new Ledger(ledger.Instruments);
        foreach (var payment in funding)
        {
            Book(scratch, payment.Payment);
        }

        var cycles = new List<CycleSummary>();
        var mark = FoldMark.None;
        foreach (var (fill, _, was, slot) in items)
        {
            var outcome = scratch.Apply(fill);
            var closed = outcome.ClosedCycle;
            if (was is null)
            {
                fold.Outcomes[slot] = new PositionEffect(fill, outcome.Action, outcome.RealizedPnl, outcome.SignedQuantityAfter, outcome.AverageEntryPriceAfter, closed);
            }
            else if (!was.Processed || was.Action != outcome.Action || was.RealizedPnl != outcome.RealizedPnl)
            {
                fold.Updates.Add((was.Seq, outcome.Action, outcome.RealizedPnl));
            }

            if (closed is { } cycle)
            {
                cycles.Add(cycle);
            }

            mark = mark.After(fill);
        }

        if (scratch.Find(key) is not { } rebuilt)
        {
            return; // nothing stored and nothing new: there is no position to rebuild
        }

        fold.Touched[key] = ledger.Restore(key, rebuilt.Capture());
        fold.Replaced[key] = cycles;
        fold.Closed.RemoveAll(c => c.Key == key);
        marks[key] = mark;
    }

    /// <summary>Writes what folding a batch changed besides the new fills themselves.</summary>
    private static async Task WriteFoldAsync(IFillStoreSession session, BatchFold fold, Dictionary<PositionKey, FoldMark> marks, CancellationToken cancellationToken)
    {
        if (fold.Updates.Count > 0)
        {
            await session.MarkProcessedAsync(fold.Updates, cancellationToken);
        }

        await session.SavePositionsAsync([.. fold.Touched.Select(t => (t.Value, marks.GetValueOrDefault(t.Key)))], cancellationToken);
        foreach (var (key, cycles) in fold.Replaced)
        {
            await session.ReplaceCyclesAsync(key, cycles, cancellationToken);
        }

        await session.AddCyclesAsync(fold.Closed, cancellationToken);
    }

    /// <summary>Folds the log as <paramref name="reader"/> sees it, like <see cref="ReplayAsync(DateTimeOffset?, CancellationToken)"/>, showing <paramref name="observe"/> each fill and what it did.</summary>
    private static async Task<(Ledger Ledger, long Fills)> ReplayAsync(IFillStoreReader reader, DateTimeOffset? until, Action<StoredFill, FillOutcome>? observe, CancellationToken cancellationToken)
    {
        var ledger = new Ledger(await CatalogAsync(reader, cancellationToken));
        long count = 0;
        await foreach (var stored in InVenueOrder(reader.ReadFillsAsync(new FillQuery(Until: until, ByPosition: true), cancellationToken), cancellationToken))
        {
            var outcome = ledger.Apply(stored.Fill);
            observe?.Invoke(stored, outcome);
            count++;
        }

        foreach (var payment in await reader.ReadFundingAsync(new FundingQuery(Until: until), cancellationToken))
        {
            Book(ledger, payment.Payment);
        }

        return (ledger, count);
    }

    /// <summary>
    /// Books a funding payment. It moves no last-update time (at: null), so payments commute with fills and a
    /// late one never forces a re-fold.
    /// </summary>
    private static void Book(Ledger ledger, in FundingPayment payment) =>
        ledger.ApplyFunding(payment.Key, payment.Amount, payment.Asset, at: null);

    /// <summary>
    /// Puts a stream of fills grouped by key (each key's by time, timeless first, then sequence, as
    /// <see cref="FillQuery.ByPosition"/> reads them) into venue order: fills of one millisecond are sorted by trade
    /// id, and a key whose first fill has no time is put back in log order.
    /// </summary>
    private static async IAsyncEnumerable<StoredFill> InVenueOrder(IAsyncEnumerable<StoredFill> byPosition, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var group = new List<StoredFill>();
        PositionKey? current = null;
        var logOrder = false;
        await foreach (var stored in byPosition.WithCancellation(cancellationToken))
        {
            var newKey = current != stored.Fill.Key;
            if (group.Count > 0 && (newKey || (!logOrder && group[0].Fill.Timestamp != stored.Fill.Timestamp)))
            {
                foreach (var ready in Sorted(group, logOrder))
                {
                    yield return ready;
                }

                group.Clear();
            }

            if (newKey)
            {
                current = stored.Fill.Key;
                logOrder = stored.Fill.Timestamp is null; // timeless fills come first, so a key's first fill tells
            }

            group.Add(stored);
        }

        foreach (var ready in Sorted(group, logOrder))
        {
            yield return ready;
        }

        static List<StoredFill> Sorted(List<StoredFill> group, bool logOrder)
        {
            if (logOrder)
            {
                group.Sort((a, b) => a.Seq.CompareTo(b.Seq));
            }
            else if (group.Count > 1)
            {
                group.Sort((a, b) => VenueOrder.Compare(a.Fill, a.Seq, b.Fill, b.Seq));
            }

            return group;
        }
    }

    /// <summary>The fills in venue order (they all have a time); the list itself when it already is.</summary>
    private static List<FreshFill> InVenueOrder(List<FreshFill> fills)
    {
        for (var i = 1; i < fills.Count; i++)
        {
            if (VenueOrder.Compare(fills[i - 1].Fill, fills[i - 1].Slot, fills[i].Fill, fills[i].Slot) > 0)
            {
                var sorted = new List<FreshFill>(fills);
                sorted.Sort((a, b) => VenueOrder.Compare(a.Fill, a.Slot, b.Fill, b.Slot));
                return sorted;
            }
        }

        return fills;
    }

    /// <summary>The batch's new fills per key, each key's in batch order. Keys fold independently, so their order does not matter.</summary>
    private static Dictionary<PositionKey, List<FreshFill>>.ValueCollection GroupByKey(List<FreshFill> fresh)
    {
        var groups = new Dictionary<PositionKey, List<FreshFill>>();
        foreach (var f in fresh)
        {
            if (groups.TryGetValue(f.Fill.Key, out var group))
            {
                group.Add(f);
            }
            else
            {
                groups.Add(f.Fill.Key, [f]);
            }
        }

        return groups.Values;
    }

    private static bool SameCycle(CycleSummary a, CycleSummary b) =>
        a.Number == b.Number
        && a.Side == b.Side
        && a.OpenedAt == b.OpenedAt
        && a.ClosedAt == b.ClosedAt
        && a.AverageEntryPrice == b.AverageEntryPrice
        && a.AverageExitPrice == b.AverageExitPrice
        && a.PeakQuantity == b.PeakQuantity
        && a.RealizedPnl == b.RealizedPnl
        && a.Fees.SequenceEqual(b.Fees)
        && a.NetPnl == b.NetPnl
        && a.RealizedReturn == b.RealizedReturn;

    private static PositionEffect EffectOf(Fill fill, FillOutcome outcome) =>
        new(fill, outcome.Action, outcome.RealizedPnl, outcome.SignedQuantityAfter, outcome.AverageEntryPriceAfter, outcome.ClosedCycle);

    /// <summary>A new fill of a batch: <see cref="Slot"/> is its place among the batch's new fills.</summary>
    private readonly record struct FreshFill(int Slot, Fill Fill, string? Raw, Instrument Instrument);

    /// <summary>What folding one batch did, written in its transaction.</summary>
    private sealed class BatchFold(int fresh)
    {
        /// <summary>Per new fill (by slot), what it did to its position.</summary>
        public PositionEffect[] Outcomes { get; } = new PositionEffect[fresh];

        public Dictionary<PositionKey, Position> Touched { get; } = [];

        public List<CycleSummary> Closed { get; } = [];

        public Dictionary<PositionKey, List<CycleSummary>> Replaced { get; } = [];

        public List<(long Seq, PositionAction Action, decimal RealizedPnl)> Updates { get; } = [];

        /// <summary>Set when the attribution book must be rebuilt from the log instead of the fast path's fold.</summary>
        public bool NeedsRebuild { get; set; }

        /// <summary>Fills folded through the book on the fast path, in fold order, with what each did to strategy positions.</summary>
        public List<(Fill Fill, IReadOnlyList<StrategyPositionChange> Changes)> Applied { get; } = [];
    }
}
