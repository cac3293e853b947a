namespace Tally.Core.Risk;

/// <summary>One symbol's longs or shorts in the <see cref="StopBook"/>, in signed prices (see <see cref="StopEntry"/>).</summary>
internal sealed class StopSideBook
{
    private static readonly Comparer<decimal> Descending = Comparer<decimal>.Create((a, b) => b.CompareTo(a));

    private readonly ExposureSide _side;
    private readonly List<StopLane> _active = [];
    private readonly StopLane _pending;

    // Pending positions by signed activation, lowest first: a tick at p activates all with activation ≤ p.
    private readonly PriorityQueue<StopEntry, decimal> _activations = new();

    // Floors left by the tightened mode, highest first: a tick at p exits all with floor ≥ p. Lazy deletion: a
    // queued floor counts only while its entry is alive with that floor.
    private readonly PriorityQueue<(StopEntry Entry, decimal Floor), decimal> _floors = new(Descending);

    public StopSideBook(ExposureSide side)
    {
        _side = side;
        _pending = new StopLane(side, distance: null);
    }

    public decimal Sign => _side == ExposureSide.Long ? 1m : -1m;

    public void Add(StopEntry entry, decimal? cap)
    {
        var extreme = entry.Order.EntryPrice * Sign;
        if (entry.Activation is { } activation && extreme < activation)
        {
            entry.Pending = true;
            _pending.Insert(entry, extreme);
            _activations.Enqueue(entry, activation);
            return;
        }

        Lane(Effective(entry, cap)).Insert(entry, extreme);
    }

    public void OnTick(decimal price, decimal? cap, ICollection<StopExit> exits)
    {
        var p = price * Sign;

        // 1. Every extreme below the tick rises to it (pending positions too: H counts from the entry).
        _pending.Ratchet(p);
        foreach (var lane in _active)
        {
            lane.Ratchet(p);
        }

        // 2. Activations reached: their extreme is max(entry, p), every earlier tick was below the activation.
        while (_activations.TryPeek(out var waiting, out var activation) && activation <= p)
        {
            _activations.Dequeue();
            if (!waiting.Alive || !waiting.Pending)
            {
                continue;
            }

            var bucket = waiting.Bucket!;
            waiting.Pending = false;
            waiting.Bucket = null;
            _pending.Left(bucket);
            Lane(Effective(waiting, cap)).Insert(waiting, bucket.Key);
        }

        // 3. Exits: the top buckets of each lane whose stop is at or above the tick, then floors at or above it.
        foreach (var lane in _active)
        {
            while (lane.PopTriggered(p) is { } hit)
            {
                var trail = hit.Key * lane.Multiplier;
                foreach (var entry in hit.LiveMembers().ToList())
                {
                    entry.Alive = false;
                    exits.Add(Exit(entry, Math.Max(trail, entry.Floor ?? trail), price));
                }
            }
        }

        while (_floors.TryPeek(out var queued, out var floor) && floor >= p)
        {
            _floors.Dequeue();
            var (entry, queuedFloor) = queued;
            if (entry.Alive && entry.Floor == queuedFloor)
            {
                var bucket = entry.Bucket!;
                entry.Alive = false;
                bucket.Lane.Left(bucket);
                exits.Add(Exit(entry, Math.Max(floor, bucket.Key * bucket.Lane.Multiplier), price));
            }
        }
    }

    public void Remove(StopEntry entry)
    {
        var bucket = entry.Bucket!;
        entry.Alive = false;
        bucket.Lane.Left(bucket);
    }

    /// <summary>Actual (unsigned) stop, null while pending.</summary>
    public decimal? StopOf(StopEntry entry)
    {
        if (entry.Pending || entry.Bucket is not { } bucket)
        {
            return null;
        }

        var trail = bucket.Key * bucket.Lane.Multiplier;
        return Math.Max(trail, entry.Floor ?? trail) * Sign;
    }

    public decimal ExtremeOf(StopEntry entry) => entry.Bucket!.Key * Sign;

    /// <summary>Every live position of this side whose signed extreme × multiplier is above the signed price.</summary>
    public void CollectBelowExtreme(decimal price, decimal multiplier, ICollection<string> into)
    {
        var p = price * Sign;
        foreach (var lane in _active.Append(_pending))
        {
            foreach (var bucket in lane.Descending())
            {
                if (bucket.Key * multiplier <= p)
                {
                    break;
                }

                foreach (var entry in bucket.LiveMembers())
                {
                    into.Add(entry.Order.StrategyPositionId);
                }
            }
        }
    }

    public void CollectAll(ICollection<string> into)
    {
        foreach (var lane in _active.Append(_pending))
        {
            foreach (var bucket in lane.Buckets)
            {
                foreach (var entry in bucket.LiveMembers())
                {
                    into.Add(entry.Order.StrategyPositionId);
                }
            }
        }
    }

    /// <summary>Tightened mode starts: every lane wider than the cap moves, bucket by bucket, into the cap's lane.</summary>
    public void Tighten(decimal cap)
    {
        var target = Lane(cap);
        foreach (var lane in _active.Where(l => l.Distance > cap).ToList())
        {
            foreach (var bucket in lane.Buckets.ToList())
            {
                lane.Detach(bucket);
                target.Adopt(bucket);
            }

            _active.Remove(lane);
        }
    }

    /// <summary>
    /// Tightened mode ends: each position wider than the cap returns to its own distance, keeping the tightened
    /// stop as a floor so the stop does not loosen.
    /// </summary>
    public void Loosen(decimal cap)
    {
        if (_active.Find(l => l.Distance == cap) is not { } capped)
        {
            return;
        }

        foreach (var bucket in capped.Buckets.ToList())
        {
            var floor = bucket.Key * capped.Multiplier;
            foreach (var entry in bucket.LiveMembers().Where(e => e.Order.Distance > cap).ToList())
            {
                entry.Floor = Math.Max(floor, entry.Floor ?? floor);
                _floors.Enqueue((entry, entry.Floor.Value), entry.Floor.Value);
                entry.Bucket = null;
                capped.Left(bucket);
                Lane(entry.Order.Distance).Insert(entry, bucket.Key);
            }
        }

        if (capped.BucketCount == 0)
        {
            _active.Remove(capped);
        }

        CompactFloors();
    }

    private static decimal Effective(StopEntry entry, decimal? cap) =>
        cap is { } c && c < entry.Order.Distance ? c : entry.Order.Distance;

    private StopExit Exit(StopEntry entry, decimal signedStop, decimal price) =>
        new(entry.Order.StrategyPositionId, entry.Order.Symbol, _side, signedStop * Sign, price);

    private StopLane Lane(decimal distance)
    {
        foreach (var lane in _active)
        {
            if (lane.Distance == distance)
            {
                return lane;
            }
        }

        var created = new StopLane(_side, distance);
        _active.Add(created);
        return created;
    }

    // Floors of positions that exited another way linger until a tick reaches them; drop them when they dominate.
    private void CompactFloors()
    {
        if (_floors.Count < 64)
        {
            return;
        }

        var live = _floors.UnorderedItems.Where(i => i.Element.Entry.Alive && i.Element.Entry.Floor == i.Element.Floor).ToList();
        if (live.Count * 2 < _floors.Count)
        {
            _floors.Clear();
            _floors.EnqueueRange(live.Select(i => (i.Element, i.Priority)));
        }
    }
}
