namespace Tally.Core.Risk;

/// <summary>
/// The open positions of one market (the <see cref="SymbolState"/> their ticks come from), one instrument and one
/// exchange position key, summed so a portfolio evaluation values the group in O(1) instead of per position. For a
/// linear or spot instrument a position's unrealized PnL is ±(p·q·m − cost) (<see cref="ContractValue"/>), so the
/// group's is p·Q·m − C with Q = Σ±q and C = Σ±cost; the notional of its watched positions is p·Qw·m; and a watched
/// long is not losing iff p ≥ cost/(q·m), a short iff p ≤ that — its break-even, kept sorted, so counting the ones
/// not losing is a binary search. Sums are exact decimals (same value and scale as summing per position); a product
/// that would round, an inverse instrument (its value is rounded per position) or a market without a price yet
/// falls back to summing the positions one by one, as the naive evaluation does. Owned by the <see cref="PortfolioBook"/>.
/// </summary>
internal sealed class PortfolioGroup(SymbolState market, Instrument instrument, PortfolioExposure exposure)
{
    private readonly List<TrackedPosition> _members = [];
    private readonly List<decimal> _longKeys = [];
    private readonly List<TrackedPosition> _longs = [];
    private readonly List<decimal> _shortKeys = [];
    private readonly List<TrackedPosition> _shorts = [];

    // Σ±q and Σ±cost over every open member with a quantity (longs +, shorts −); Σq over the watched members.
    private decimal _quantity;
    private decimal _cost;
    private decimal _watchedQuantity;

    // Members that make the sums unusable (a negative quantity); the group is then summed position by position.
    private int _irregular;

    // The answers at the last price asked about (null: before the market's first tick), until the members change:
    // a market that did not tick since the last evaluation costs nothing, even when it is summed one by one.
    private Cached<decimal> _pnl;
    private Cached<decimal> _notional;
    private Cached<int> _notLosing;

    public SymbolState Market { get; } = market;

    public Instrument Instrument { get; } = instrument;

    /// <summary>The exchange position key's total it belongs to (the health score's concentration groups by that key).</summary>
    public PortfolioExposure Exposure { get; } = exposure;

    /// <summary>Its place in the book's list of groups (swap-removed when it empties).</summary>
    public int Index { get; set; }

    public int Count => _members.Count;

    public int WatchedCount => _longs.Count + _shorts.Count + ZeroWatched;

    // Watched members with no open quantity: their PnL is 0, never losing.
    private int ZeroWatched { get; set; }

    private bool Linear => Instrument.Kind != InstrumentKind.Inverse && Instrument.Multiplier > 0m && _irregular == 0;

    public void Add(TrackedPosition position)
    {
        Invalidate();
        _members.Add(position);
        var snapshot = position.Snapshot;
        position.BookedQuantity = snapshot.OpenQuantity;
        if (snapshot.OpenQuantity < 0m)
        {
            _irregular++;
        }

        if (snapshot.OpenQuantity != 0m)
        {
            (_quantity, _cost) = position.Side == ExposureSide.Long
                ? (_quantity + snapshot.OpenQuantity, _cost + snapshot.OpenCost)
                : (_quantity - snapshot.OpenQuantity, _cost - snapshot.OpenCost);
        }

        if (position.Watched)
        {
            Watch(position);
        }
    }

    /// <summary>A member leaves (closed, or its snapshot moves it): the sums are taken again so their scale is the members'.</summary>
    public void Remove(TrackedPosition position)
    {
        if (position.InBreakEvens)
        {
            Unwatch(position);
        }

        Invalidate();
        _members.Remove(position);
        if (position.BookedQuantity < 0m)
        {
            _irregular--;
        }

        _quantity = 0m;
        _cost = 0m;
        foreach (var member in _members)
        {
            var snapshot = member.Snapshot;
            if (snapshot.OpenQuantity != 0m)
            {
                (_quantity, _cost) = member.Side == ExposureSide.Long
                    ? (_quantity + snapshot.OpenQuantity, _cost + snapshot.OpenCost)
                    : (_quantity - snapshot.OpenQuantity, _cost - snapshot.OpenCost);
            }
        }
    }

    /// <summary>An exit was asked for: it stays in the equity, leaves the watched counts.</summary>
    public void Unwatch(TrackedPosition position)
    {
        if (!position.InBreakEvens)
        {
            return;
        }

        Invalidate();
        position.InBreakEvens = false;
        Exposure.Watched--;
        if (position.BookedQuantity == 0m)
        {
            ZeroWatched--;
        }
        else
        {
            var (keys, positions) = position.Side == ExposureSide.Long ? (_longKeys, _longs) : (_shortKeys, _shorts);
            var at = LowerBound(keys, position.BreakEven);
            while (!ReferenceEquals(positions[at], position))
            {
                at++;
            }

            keys.RemoveAt(at);
            positions.RemoveAt(at);
        }

        _watchedQuantity = 0m;
        foreach (var member in _members)
        {
            if (member.InBreakEvens)
            {
                _watchedQuantity += member.Snapshot.OpenQuantity;
            }
        }
    }

    /// <summary>Σ unrealized PnL of every open member at the market's last price (entry before any tick).</summary>
    public decimal UnrealizedPnl() =>
        _pnl.TryGet(Market.LastPrice, out var cached) ? cached : _pnl.Set(Market.LastPrice, SumUnrealizedPnl());

    /// <summary>Σ |notional| of the watched members.</summary>
    public decimal WatchedNotional() =>
        _notional.TryGet(Market.LastPrice, out var cached) ? cached : _notional.Set(Market.LastPrice, SumWatchedNotional());

    /// <summary>How many watched members have an unrealized PnL ≥ 0.</summary>
    public int WatchedNotLosing() =>
        _notLosing.TryGet(Market.LastPrice, out var cached) ? cached : _notLosing.Set(Market.LastPrice, CountWatchedNotLosing());

    private decimal SumUnrealizedPnl()
    {
        if (Linear && Market.LastPrice is { } price && Product(price, _quantity) is { } value)
        {
            return value - _cost;
        }

        var sum = 0m;
        foreach (var member in _members)
        {
            sum += member.Snapshot.UnrealizedPnl(member.Mark);
        }

        return sum;
    }

    private decimal SumWatchedNotional()
    {
        if (Linear && Market.LastPrice is { } price && Product(price, _watchedQuantity) is { } value)
        {
            return value;
        }

        var sum = 0m;
        foreach (var member in _members)
        {
            if (member.InBreakEvens)
            {
                sum += Math.Abs(ContractValue.Of(member.Snapshot.Instrument, member.Mark, member.Snapshot.OpenQuantity));
            }
        }

        return sum;
    }

    private int CountWatchedNotLosing()
    {
        if (!Linear || Market.LastPrice is not { } price)
        {
            var count = 0;
            foreach (var member in _members)
            {
                if (member.InBreakEvens && member.Snapshot.UnrealizedPnl(member.Mark) >= 0m)
                {
                    count++;
                }
            }

            return count;
        }

        // Break-evens are quotients rounded to 28 digits, so one equal to the price is checked exactly; one below
        // (above) it is truly below (above): the price differs from it by at least its last digit.
        var longsFrom = LowerBound(_longKeys, price);
        var longsTo = EqualUntil(_longKeys, longsFrom, price);
        var shortsFrom = LowerBound(_shortKeys, price);
        var shortsTo = EqualUntil(_shortKeys, shortsFrom, price);
        var notLosing = ZeroWatched + longsFrom + (_shortKeys.Count - shortsTo);
        for (var i = longsFrom; i < longsTo; i++)
        {
            notLosing += _longs[i].Snapshot.UnrealizedPnl(price) >= 0m ? 1 : 0;
        }

        for (var i = shortsFrom; i < shortsTo; i++)
        {
            notLosing += _shorts[i].Snapshot.UnrealizedPnl(price) >= 0m ? 1 : 0;
        }

        return notLosing;
    }

    private void Watch(TrackedPosition position)
    {
        position.InBreakEvens = true;
        Exposure.Watched++;
        var snapshot = position.Snapshot;
        _watchedQuantity += snapshot.OpenQuantity;
        if (snapshot.OpenQuantity == 0m)
        {
            ZeroWatched++;
            return;
        }

        var units = Instrument.Multiplier == 1m ? snapshot.OpenQuantity : snapshot.OpenQuantity * Instrument.Multiplier;
        position.BreakEven = units == 0m ? 0m : snapshot.OpenCost / units;
        var (keys, positions) = position.Side == ExposureSide.Long ? (_longKeys, _longs) : (_shortKeys, _shorts);
        var at = UpperBound(keys, position.BreakEven);
        keys.Insert(at, position.BreakEven);
        positions.Insert(at, position);
    }

    // p·q (·m) as ContractValue.Of computes it per position, or null if the product would round (then the sums
    // are not the per-position values' sum and the group is summed one by one).
    private decimal? Product(decimal price, decimal quantity)
    {
        var multiplier = Instrument.Multiplier;
        var scale = price.Scale + quantity.Scale + (multiplier == 1m ? 0 : multiplier.Scale);
        if (scale > 28)
        {
            return null;
        }

        var value = multiplier == 1m ? price * quantity : price * quantity * multiplier;
        return value.Scale == scale ? value : null;
    }

    private static int LowerBound(List<decimal> keys, decimal value)
    {
        int lo = 0, hi = keys.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (keys[mid] < value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    // The end of the run of keys equal to value that starts at from.
    private static int EqualUntil(List<decimal> keys, int from, decimal value)
    {
        while (from < keys.Count && keys[from] == value)
        {
            from++;
        }

        return from;
    }

    private static int UpperBound(List<decimal> keys, decimal value)
    {
        int lo = 0, hi = keys.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (keys[mid] <= value)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return lo;
    }

    private void Invalidate()
    {
        _pnl = default;
        _notional = default;
        _notLosing = default;
    }

    // An answer and the price it was computed at (same value and scale: 100.0 and 100 print differently).
    private struct Cached<T>
    {
        private bool _valid;
        private decimal? _price;
        private T _value;

        public readonly bool TryGet(decimal? price, out T value)
        {
            value = _value;
            return _valid && _price == price && (price is not { } p || p.Scale == _price!.Value.Scale);
        }

        public T Set(decimal? price, T value)
        {
            _valid = true;
            _price = price;
            _value = value;
            return value;
        }
    }
}
