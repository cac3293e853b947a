namespace Tally.Core.Risk;

/// <summary>
/// The trailing stops of every open strategy position, per symbol, so that a tick costs time independent of the
/// positions on other symbols and, on its own symbol, O(log n + k) for k exits (amortized). Same rule as
/// <see cref="TrailingStop"/>; a property test checks the two agree on random streams. Not thread-safe: one owner
/// (the monitor's loop) feeds it.
/// </summary>
/// <remarks>
/// <para>Layout: symbol → side → lanes. A lane holds the positions trailing at one distance d (the class distance,
/// the tightened cap, or a custom distance — a handful per symbol, L below), as buckets keyed by their extreme H
/// (shorts are stored negated, so L = min becomes −L = max and one code path serves both). All members of a
/// bucket share H and so share the stop H·(1 − d). A separate pending lane tracks H of positions whose
/// activation price no tick has reached, with a heap of activation prices.</para>
/// <para>A tick p: (1) ratchet — every bucket with H &lt; p merges into one bucket at p: O(log n) per bucket
/// removed, and a bucket is removed at most once after it was created, and buckets are created only by adding,
/// activating or moving a position, so this is paid for by those; the larger bucket absorbs the smaller, so a
/// position changes bucket O(log n) times in its life. (2) activation — heap pops, O(log n) each, once per
/// position. (3) exits — per lane pop the top bucket while H·(1 − d) ≥ p (the top has the highest stop),
/// O(log n) per bucket plus O(1) per exiting position; then the floors (below) at or above p.
/// Per tick: O(L·log n) plus the amortized shares above, so O(log n + k) for a bounded number of lanes.</para>
/// <para>Tightened mode (<see cref="SetDistanceCap"/>) moves every lane wider than the cap into the cap's lane,
/// whole buckets at a time; lifting it returns each position to its own lane and records its tightened stop as a
/// floor (a heap, highest first) so the stop never loosens: stop = max(floor, H·(1 − d)). Both are O(n log n) on
/// a rare portfolio event.</para>
/// </remarks>
public sealed class StopBook
{
    private readonly Dictionary<string, (StopSideBook Long, StopSideBook Short)> _symbols = new(StringComparer.Ordinal);
    private readonly Dictionary<string, StopEntry> _byId = new(StringComparer.Ordinal);
    private readonly List<StopExit> _scratch = [];

    /// <summary>The tightened mode's cap on every distance, null when not tightened.</summary>
    public decimal? DistanceCap { get; private set; }

    public int Count => _byId.Count;

    /// <summary>Adds a position; false if its id is already in the book.</summary>
    public bool Add(StopOrder order)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(order.EntryPrice);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(order.Distance);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(order.Distance, 1m);
        if (_byId.ContainsKey(order.StrategyPositionId))
        {
            return false;
        }

        var book = Side(order.Symbol, order.Side);
        var entry = new StopEntry(order, book.Sign);
        _byId.Add(order.StrategyPositionId, entry);
        book.Add(entry, DistanceCap);
        return true;
    }

    /// <summary>Removes a position closed for another reason; false if it is not in the book.</summary>
    public bool Remove(string strategyPositionId)
    {
        if (!_byId.Remove(strategyPositionId, out var entry))
        {
            return false;
        }

        Side(entry.Order.Symbol, entry.Order.Side).Remove(entry);
        return true;
    }

    /// <summary>
    /// Folds one tick of a symbol; the positions it stops out are added to <paramref name="exits"/> and leave the
    /// book.
    /// </summary>
    public void OnTick(string symbol, decimal price, ICollection<StopExit> exits)
    {
        if (!_symbols.TryGetValue(symbol, out var books))
        {
            return;
        }

        _scratch.Clear();
        books.Long.OnTick(price, DistanceCap, _scratch);
        books.Short.OnTick(price, DistanceCap, _scratch);
        foreach (var exit in _scratch)
        {
            _byId.Remove(exit.StrategyPositionId);
            exits.Add(exit);
        }
    }

    /// <summary>The stop in force (null while waiting for the activation price, or if unknown).</summary>
    public decimal? StopOf(string strategyPositionId) =>
        _byId.TryGetValue(strategyPositionId, out var entry) ? Side(entry.Order.Symbol, entry.Order.Side).StopOf(entry) : null;

    /// <summary>H for a long, L for a short: the best of the entry and every tick since (also before activation).</summary>
    public decimal? ExtremeOf(string strategyPositionId) =>
        _byId.TryGetValue(strategyPositionId, out var entry) ? Side(entry.Order.Symbol, entry.Order.Side).ExtremeOf(entry) : null;

    /// <summary>
    /// Dump signal (c), the momentum break, for one symbol and side: longs whose price &lt; H × (1 − fraction),
    /// shorts whose price &gt; L × (1 + fraction). Walks the buckets from the best extreme: O(L·log n + k).
    /// </summary>
    public void CollectMomentumBreaks(string symbol, ExposureSide side, decimal price, decimal fraction, ICollection<string> into)
    {
        if (_symbols.ContainsKey(symbol))
        {
            Side(symbol, side).CollectBelowExtreme(price, TrailingStop.Trail(side, 1m, fraction), into);
        }
    }

    /// <summary>Every position of one symbol and side.</summary>
    public void CollectAll(string symbol, ExposureSide side, ICollection<string> into)
    {
        if (_symbols.ContainsKey(symbol))
        {
            Side(symbol, side).CollectAll(into);
        }
    }

    /// <summary>
    /// Sets the tightened mode's cap (every distance becomes min(d, cap)) or, with null, ends it; the stops
    /// never loosen when it ends.
    /// </summary>
    public void SetDistanceCap(decimal? cap)
    {
        if (cap is { } c)
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(c);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(c, 1m);
        }

        if (cap == DistanceCap)
        {
            return;
        }

        if (DistanceCap is { } previous)
        {
            foreach (var (longs, shorts) in _symbols.Values)
            {
                longs.Loosen(previous);
                shorts.Loosen(previous);
            }
        }

        DistanceCap = cap;
        if (cap is { } next)
        {
            foreach (var (longs, shorts) in _symbols.Values)
            {
                longs.Tighten(next);
                shorts.Tighten(next);
            }
        }
    }

    private StopSideBook Side(string symbol, ExposureSide side)
    {
        if (!_symbols.TryGetValue(symbol, out var books))
        {
            books = (new StopSideBook(ExposureSide.Long), new StopSideBook(ExposureSide.Short));
            _symbols.Add(symbol, books);
        }

        return side switch
        {
            ExposureSide.Long => books.Long,
            ExposureSide.Short => books.Short,
        };
    }
}
