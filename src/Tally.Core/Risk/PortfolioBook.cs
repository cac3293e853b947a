namespace Tally.Core.Risk;

/// <summary>
/// What the portfolio evaluation reads, kept up to date as positions open, change, get an exit asked for and close,
/// so an evaluation costs O(groups + k) rather than O(open positions) with a list per rule:
/// <list type="bullet">
/// <item>the unrealized PnL, watched notional and not-losing count per market, instrument and exchange position key
/// (<see cref="PortfolioGroup"/>, O(1) or O(log n) each at the market's last price);</item>
/// <item>the watched count and, for the health score's T, how many watched positions are younger than half their
/// maximum hold time: a min-heap of those deadlines, popped as evaluations pass them;</item>
/// <item>the maximum hold time: a min-heap of deadlines (opened + maximum), popped when due.</item>
/// </list>
/// Heap entries of positions that left or are no longer watched are dropped when they come up (lazy removal).
/// Evaluation times only increase (one per 10-s boundary), which the heaps rely on. Not thread-safe.
/// </summary>
internal sealed class PortfolioBook
{
    private static readonly Comparison<TrackedPosition> OldestFirst = (a, b) =>
        a.OpenedAt.CompareTo(b.OpenedAt) is var byTime and not 0 ? byTime : string.CompareOrdinal(a.BookId, b.BookId);

    private readonly Dictionary<(SymbolState Market, Instrument Instrument, string Key), PortfolioGroup> _groups = new(GroupKeyComparer.Instance);
    private readonly List<PortfolioGroup> _groupList = [];
    private readonly Dictionary<string, PortfolioExposure> _exposures = new(StringComparer.Ordinal);
    private readonly List<PortfolioExposure> _exposureList = [];
    private readonly PriorityQueue<TrackedPosition, DateTimeOffset> _holdDeadlines = new();
    private readonly PriorityQueue<TrackedPosition, DateTimeOffset> _ageDeadlines = new();

    /// <summary>Open positions no exit was asked for yet.</summary>
    public int Watched { get; private set; }

    /// <summary>Watched positions younger than half their maximum hold time (or without one) at the last <see cref="Age"/>.</summary>
    public int Young { get; private set; }

    public void Add(TrackedPosition position)
    {
        position.Portfolio = this;
        Join(position);
        if (position.InBreakEvens)
        {
            Watched++;
            position.Young = true;
            Young++;
        }

        if (position.MaxHold is { } max)
        {
            _holdDeadlines.Enqueue(position, Deadline(position.OpenedAt, max));
            _ageDeadlines.Enqueue(position, Deadline(position.OpenedAt, max / 2));
        }
    }

    public void Remove(TrackedPosition position)
    {
        if (position.Portfolio != this)
        {
            return;
        }

        Unwatched(position);
        Leave(position);
        position.Portfolio = null;
    }

    /// <summary>Its snapshot changed (quantity, cost): it is summed again, in the group its key now names.</summary>
    public void Changed(TrackedPosition position)
    {
        var watched = position.InBreakEvens;
        Leave(position);
        Join(position);
        if (watched && !position.InBreakEvens)
        {
            UncountWatched(position);
        }
    }

    /// <summary>An exit was asked for: it leaves the watched counts (it stays in the equity until it closes).</summary>
    public void Unwatched(TrackedPosition position)
    {
        if (position.InBreakEvens)
        {
            position.Group!.Unwatch(position);
            UncountWatched(position);
        }
    }

    /// <summary>Σ unrealized PnL of every open position at its market's last price (its entry before any tick).</summary>
    public decimal UnrealizedPnl()
    {
        var sum = 0m;
        foreach (var group in _groupList)
        {
            sum += group.UnrealizedPnl();
        }

        return sum;
    }

    /// <summary>Counts the watched positions that reached half their maximum hold time by <paramref name="now"/> as old.</summary>
    public void Age(DateTimeOffset now)
    {
        while (_ageDeadlines.TryPeek(out var position, out var deadline) && deadline <= now)
        {
            _ageDeadlines.Dequeue();
            if (position.Portfolio == this && position.Young)
            {
                position.Young = false;
                Young--;
            }
        }
    }

    /// <summary>How many watched positions have an unrealized PnL ≥ 0.</summary>
    public int WatchedNotLosing()
    {
        var count = 0;
        foreach (var group in _groupList)
        {
            if (group.WatchedCount > 0)
            {
                count += group.WatchedNotLosing();
            }
        }

        return count;
    }

    /// <summary>
    /// The health score's C inputs over the watched positions: how many exchange position keys, their total
    /// notional and the largest key's.
    /// </summary>
    public (int Keys, decimal Total, decimal Largest) Exposures()
    {
        var keys = 0;
        var total = 0m;
        var largest = 0m;
        foreach (var exposure in _exposureList)
        {
            if (exposure.Watched == 0)
            {
                continue;
            }

            var notional = 0m;
            foreach (var group in exposure.Groups)
            {
                if (group.WatchedCount > 0)
                {
                    notional += group.WatchedNotional();
                }
            }

            largest = keys == 0 || notional > largest ? notional : largest;
            total += notional;
            keys++;
        }

        return (keys, total, largest);
    }

    /// <summary>The watched positions held for their maximum or longer at <paramref name="now"/>, oldest first (then by id).</summary>
    public void Expired(DateTimeOffset now, List<TrackedPosition> into)
    {
        into.Clear();
        while (_holdDeadlines.TryPeek(out var position, out var deadline) && deadline <= now)
        {
            _holdDeadlines.Dequeue();
            if (position.Portfolio == this && position.InBreakEvens)
            {
                into.Add(position);
            }
        }

        into.Sort(OldestFirst);
    }

    private static DateTimeOffset Deadline(DateTimeOffset from, TimeSpan span) =>
        from > DateTimeOffset.MaxValue - span ? DateTimeOffset.MaxValue : from + span;

    private void UncountWatched(TrackedPosition position)
    {
        Watched--;
        if (position.Young)
        {
            position.Young = false;
            Young--;
        }
    }

    private void Join(TrackedPosition position)
    {
        var snapshot = position.Snapshot;
        var key = (position.Symbol, snapshot.Instrument, snapshot.ExchangePositionKey);
        if (!_groups.TryGetValue(key, out var group))
        {
            if (!_exposures.TryGetValue(snapshot.ExchangePositionKey, out var exposure))
            {
                exposure = new PortfolioExposure(snapshot.ExchangePositionKey) { Index = _exposureList.Count };
                _exposures.Add(exposure.Key, exposure);
                _exposureList.Add(exposure);
            }

            group = new PortfolioGroup(position.Symbol, snapshot.Instrument, exposure) { Index = _groupList.Count };
            exposure.Groups.Add(group);
            _groups.Add(key, group);
            _groupList.Add(group);
        }

        position.Group = group;
        group.Add(position);
    }

    private void Leave(TrackedPosition position)
    {
        var group = position.Group!;
        group.Remove(position);
        position.Group = null;
        if (group.Count > 0)
        {
            return;
        }

        _groups.Remove((group.Market, group.Instrument, group.Exposure.Key));
        SwapRemove(_groupList, group.Index, (g, i) => g.Index = i);
        var exposure = group.Exposure;
        exposure.Groups.Remove(group);
        if (exposure.Groups.Count == 0)
        {
            _exposures.Remove(exposure.Key);
            SwapRemove(_exposureList, exposure.Index, (e, i) => e.Index = i);
        }
    }

    private static void SwapRemove<T>(List<T> list, int index, Action<T, int> moved)
    {
        var last = list.Count - 1;
        if (index != last)
        {
            list[index] = list[last];
            moved(list[index], index);
        }

        list.RemoveAt(last);
    }

    // Markets and instruments by reference (a market's state is one object; an instrument's multiplier's scale counts).
    private sealed class GroupKeyComparer : IEqualityComparer<(SymbolState Market, Instrument Instrument, string Key)>
    {
        public static readonly GroupKeyComparer Instance = new();

        public bool Equals((SymbolState Market, Instrument Instrument, string Key) x, (SymbolState Market, Instrument Instrument, string Key) y) =>
            ReferenceEquals(x.Market, y.Market) && ReferenceEquals(x.Instrument, y.Instrument) && string.Equals(x.Key, y.Key, StringComparison.Ordinal);

        public int GetHashCode((SymbolState Market, Instrument Instrument, string Key) obj) =>
            HashCode.Combine(
                System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj.Market),
                System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(obj.Instrument),
                StringComparer.Ordinal.GetHashCode(obj.Key));
    }
}
