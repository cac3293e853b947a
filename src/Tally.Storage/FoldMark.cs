using Tally.Core;

namespace Tally.Storage;

/// <summary>
/// How far a position key's fold has got, saved beside its position so a new fill can be told apart as
/// "next in venue order" (folded on top, the fast path) or "belongs earlier" (the key is re-folded).
/// </summary>
/// <param name="LogOrder">The key holds a fill without a time, so it folds in log order (see <see cref="VenueOrder"/>).</param>
/// <param name="LastTime">Time of the last fill folded in venue order; null when no fill was folded yet (or in log order).</param>
/// <param name="LastTradeId">Trade id of that fill.</param>
public readonly record struct FoldMark(bool LogOrder, DateTimeOffset? LastTime, string? LastTradeId)
{
    /// <summary>A key with no fill folded yet (it may hold funding).</summary>
    public static FoldMark None => default;

    public static FoldMark Log => new(LogOrder: true, null, null);

    public bool IsEmpty => !LogOrder && LastTime is null;

    /// <summary>True when folding <paramref name="fill"/> next keeps the key in its fold order.</summary>
    public bool CanAppend(in Fill fill)
    {
        if (LogOrder || IsEmpty)
        {
            return true;
        }

        return fill.Timestamp is { } time && VenueOrder.IsAfter(time, fill.TradeId, LastTime!.Value, LastTradeId!);
    }

    /// <summary>The mark after <paramref name="fill"/> was folded on top.</summary>
    public FoldMark After(in Fill fill) =>
        LogOrder || fill.Timestamp is null ? Log : new FoldMark(LogOrder: false, fill.Timestamp, fill.TradeId);
}
