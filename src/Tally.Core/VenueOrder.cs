namespace Tally.Core;

/// <summary>
/// The order in which one position key's fills are folded: the order the venue executed them, whatever
/// order they reached the log in. A fill found late (a dropped stream event recovered by a REST sweep)
/// therefore counts where the venue put it: buy 1 @ 100 (t1), buy 1 @ 110 (t2, arrives last), sell 1 @ 120
/// (t3) gives an average entry of 105 before the sell and realizes 15, as the venue does; arrival order
/// would realize 20.
/// </summary>
/// <remarks>
/// <para>Venue order: fill time (to the millisecond), then trade id, then log sequence. Trade ids made of
/// digits compare as numbers (9 before 10, as venues number trades) and come before any other id; other ids
/// compare ordinally. Trade ids are unique within a key (they are part of a fill's identity), so the sequence
/// never decides in practice.</para>
/// <para>A key with at least one fill without a time cannot be put in venue order; it folds in log order
/// (the order the log received its fills), as a file without times does. The rule looks at the fills being
/// folded, so <c>positions --at</c>, which leaves timeless fills out, folds every key in venue order.</para>
/// Funding payments do not take part: they commute with fills (a payment moves no last-update time).
/// </remarks>
public static class VenueOrder
{
    /// <summary>Compares two fills of the same key that both have a time, by venue order.</summary>
    public static int Compare(in Fill a, long seqA, in Fill b, long seqB)
    {
        var byTime = Nullable.Compare(a.Timestamp, b.Timestamp);
        if (byTime != 0)
        {
            return byTime;
        }

        var byId = CompareTradeIds(a.TradeId, b.TradeId);
        return byId != 0 ? byId : seqA.CompareTo(seqB);
    }

    /// <summary>True when a fill at <paramref name="time"/> with <paramref name="tradeId"/> comes after the fill at (<paramref name="lastTime"/>, <paramref name="lastTradeId"/>).</summary>
    public static bool IsAfter(DateTimeOffset time, string tradeId, DateTimeOffset lastTime, string lastTradeId)
    {
        var byTime = time.CompareTo(lastTime);
        return byTime != 0 ? byTime > 0 : CompareTradeIds(tradeId, lastTradeId) > 0;
    }

    /// <summary>
    /// Digit strings (any length) by value, leading zeros ignored and ties broken ordinally, before every other id;
    /// other ids ordinally. Numeric ids first keeps this a total order: comparing "2" with "10" by value but "10"
    /// with "1a" ordinally would otherwise make a cycle (2 &lt; 10 &lt; 1a &lt; 2).
    /// </summary>
    public static int CompareTradeIds(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var (numericA, numericB) = (IsDigits(a), IsDigits(b));
        if (numericA != numericB)
        {
            return numericA ? -1 : 1;
        }

        if (!numericA)
        {
            return string.CompareOrdinal(a, b);
        }

        // Without leading zeros, a longer digit string is a larger number; equal lengths compare digit by digit.
        var x = a.AsSpan().TrimStart('0');
        var y = b.AsSpan().TrimStart('0');
        var byValue = x.Length != y.Length ? x.Length.CompareTo(y.Length) : x.SequenceCompareTo(y);
        return byValue != 0 ? byValue : string.CompareOrdinal(a, b);
    }

    /// <summary>
    /// Arranges <paramref name="items"/>, given in log order, for a fold: keys in the order first seen, each key's
    /// items in fold order (venue order, or log order for a key with a fill without a time).
    /// </summary>
    public static IReadOnlyList<T> Arrange<T>(IReadOnlyList<T> items, Func<T, Fill> fill)
    {
        ArgumentNullException.ThrowIfNull(items);
        ArgumentNullException.ThrowIfNull(fill);
        var keys = new Dictionary<PositionKey, List<int>>();
        for (var i = 0; i < items.Count; i++)
        {
            var key = fill(items[i]).Key;
            if (!keys.TryGetValue(key, out var list))
            {
                keys.Add(key, list = []);
            }

            list.Add(i);
        }

        var arranged = new List<T>(items.Count);
        foreach (var indices in keys.Values)
        {
            if (!indices.Exists(i => fill(items[i]).Timestamp is null))
            {
                indices.Sort((a, b) => Compare(fill(items[a]), a, fill(items[b]), b));
            }

            arranged.AddRange(indices.Select(i => items[i]));
        }

        return arranged;
    }

    private static bool IsDigits(string text)
    {
        if (text.Length == 0)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }
}
