namespace Tally.Core.Risk;

/// <summary>
/// The positions of one symbol and side that trail at the same distance (or, for the pending lane, wait for
/// their activation price), as buckets sorted by signed extreme. Within a lane the stop is the extreme times one
/// multiplier, so the bucket with the highest extreme has the highest stop.
/// </summary>
internal sealed class StopLane
{
    private static readonly Comparer<StopBucket> ByKey = Comparer<StopBucket>.Create((a, b) => a.Key.CompareTo(b.Key));

    private readonly SortedSet<StopBucket> _buckets = new(ByKey);
    private readonly StopBucket _probe;
    private readonly List<StopBucket> _merging = [];

    // The lowest extreme and the highest stop, refreshed when the buckets change: a tick that moves nothing reads
    // these two instead of walking the tree to its ends (fewer cache lines touched per tick).
    private bool _any;
    private decimal _lowestKey;
    private decimal _highestStop;

    /// <summary>An active lane at distance d (multiplier 1 − d for longs, 1 + d for shorts), or the pending lane.</summary>
    public StopLane(ExposureSide side, decimal? distance)
    {
        Distance = distance;
        Multiplier = distance is { } d ? TrailingStop.Trail(side, 1m, d) : 0m;
        _probe = new StopBucket(this, 0m);
    }

    /// <summary>Null for the lane of positions still waiting for their activation price.</summary>
    public decimal? Distance { get; }

    public decimal Multiplier { get; }

    public int BucketCount => _buckets.Count;

    public IEnumerable<StopBucket> Buckets => _buckets;

    /// <summary>Buckets from the highest extreme down, lazily (O(log n) to start).</summary>
    public IEnumerable<StopBucket> Descending() => _buckets.Reverse();

    public void Insert(StopEntry entry, decimal key) => BucketAt(key).Add(entry);

    /// <summary>Puts a whole bucket (moved from another lane) here, merging with one at the same extreme.</summary>
    public void Adopt(StopBucket bucket)
    {
        _probe.Key = bucket.Key;
        if (_buckets.TryGetValue(_probe, out var existing))
        {
            _buckets.Remove(existing);
            _buckets.Add(Merge(existing, bucket));
            Refresh();
            return;
        }

        bucket.Lane = this;
        _buckets.Add(bucket);
        Refresh();
    }

    public void Detach(StopBucket bucket)
    {
        _buckets.Remove(bucket);
        Refresh();
    }

    /// <summary>
    /// A tick at signed price p raises every extreme below p to p: all buckets below merge into one at p
    /// (the larger absorbs the smaller ones, so a position moves O(log n) times over its life).
    /// </summary>
    public void Ratchet(decimal price)
    {
        if (!_any || _lowestKey >= price)
        {
            return;
        }

        _merging.Clear();
        while (_buckets.Count > 0 && _buckets.Min!.Key < price)
        {
            var lowest = _buckets.Min;
            _buckets.Remove(lowest);
            _merging.Add(lowest);
        }

        _probe.Key = price;
        if (_buckets.TryGetValue(_probe, out var atPrice))
        {
            _buckets.Remove(atPrice);
            _merging.Add(atPrice);
        }

        var survivor = _merging[0];
        foreach (var bucket in _merging)
        {
            if (bucket.Live > survivor.Live)
            {
                survivor = bucket;
            }
        }

        foreach (var bucket in _merging)
        {
            if (bucket != survivor)
            {
                survivor.Absorb(bucket);
            }
        }

        survivor.Key = price;
        _buckets.Add(survivor);
        _merging.Clear();
        Refresh();
    }

    /// <summary>Removes and returns the top bucket if its stop (extreme × multiplier) is at or above p.</summary>
    public StopBucket? PopTriggered(decimal price)
    {
        if (!_any || _highestStop < price)
        {
            return null;
        }

        var top = _buckets.Max!;
        _buckets.Remove(top);
        Refresh();
        return top;
    }

    /// <summary>A member left; an emptied bucket goes.</summary>
    public void Left(StopBucket bucket)
    {
        bucket.Leave();
        if (bucket.Live == 0)
        {
            _buckets.Remove(bucket);
            Refresh();
        }
    }

    private StopBucket BucketAt(decimal key)
    {
        _probe.Key = key;
        if (_buckets.TryGetValue(_probe, out var existing))
        {
            return existing;
        }

        var created = new StopBucket(this, key);
        _buckets.Add(created);
        Refresh();
        return created;
    }

    private void Refresh()
    {
        _any = _buckets.Count > 0;
        if (_any)
        {
            _lowestKey = _buckets.Min!.Key;
            _highestStop = _buckets.Max!.Key * Multiplier;
        }
    }

    private StopBucket Merge(StopBucket a, StopBucket b)
    {
        var (survivor, other) = a.Live >= b.Live ? (a, b) : (b, a);
        survivor.Absorb(other);
        survivor.Lane = this;
        return survivor;
    }
}
