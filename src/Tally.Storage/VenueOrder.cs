using Tally.Core;

namespace Tally.Storage;

/// <summary>
/// The order in which one position key's fills are folded: the order the venue executed them, whatever
/// order they reached the log in. A fill found late (a dropped stream event recovered by a REST sweep)
/// therefore counts where the venue put it: buy 1 @ 100 (t1), buy 1 @ 110 (t2, arrives last), sell 1 @ 120
/// (t3) gives an average entry of 105 before the sell and realizes 15, as the venue does; arrival order
/// would realize 20.
/// </summary>
/// <remarks>
/// <para>Venue order: fill time (to the millisecond), then trade id (numerically when both ids are digit
/// strings, so 9 comes before 10; otherwise ordinally), then log sequence. Trade ids are unique within a key
/// (they are part of a fill's identity), so the sequence never decides in practice.</para>
/// <para>A key with at least one fill without a time cannot be put in venue order; it folds in log order
/// (the order the log received its fills), as a file without times does. The rule looks at the fills being
/// folded, so <c>positions --at</c>, which leaves timeless fills out, folds every key in venue order.</para>
/// Funding payments do not take part: they commute with fills (see <see cref="FundingPayment"/>).
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

    /// <summary>Numeric order for two digit strings of any length (leading zeros ignored, ties broken ordinally); ordinal otherwise.</summary>
    public static int CompareTradeIds(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (!IsDigits(a) || !IsDigits(b))
        {
            return string.CompareOrdinal(a, b);
        }

        // Without leading zeros, a longer digit string is a larger number; equal lengths compare digit by digit.
        var x = a.AsSpan().TrimStart('0');
        var y = b.AsSpan().TrimStart('0');
        var byValue = x.Length != y.Length ? x.Length.CompareTo(y.Length) : x.SequenceCompareTo(y);
        return byValue != 0 ? byValue : string.CompareOrdinal(a, b);
    }

    /// <summary>True when <paramref name="fills"/> (all of one key) cannot be put in venue order because one has no time.</summary>
    public static bool NeedsLogOrder<T>(IEnumerable<T> fills, Func<T, Fill> fill)
    {
        ArgumentNullException.ThrowIfNull(fills);
        ArgumentNullException.ThrowIfNull(fill);
        return fills.Any(f => fill(f).Timestamp is null);
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
