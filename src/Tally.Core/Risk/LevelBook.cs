namespace Tally.Core.Risk;

/// <summary>
/// One symbol's watched take-profit and stop-loss prices, so a tick finds the ones it reaches in O(log n + k):
/// levels reached from below (a long's take-profit, a short's stop-loss: exit when tick ≥ level) in a min-heap,
/// levels reached from above (a long's stop-loss, a short's take-profit: tick ≤ level) in a max-heap. Removal is
/// lazy: a queued level counts only while its position is still watched with that version.
/// </summary>
internal sealed class LevelBook
{
    private static readonly Comparer<decimal> Descending = Comparer<decimal>.Create((a, b) => b.CompareTo(a));

    private readonly PriorityQueue<(TrackedPosition Position, int Version, RiskExitReason Reason), decimal> _up = new();
    private readonly PriorityQueue<(TrackedPosition Position, int Version, RiskExitReason Reason), decimal> _down = new(Descending);

    public void Watch(TrackedPosition position)
    {
        var snapshot = position.Snapshot;
        var isLong = position.Side == ExposureSide.Long;
        if (snapshot.TakeProfitPrice is { } tp)
        {
            (isLong ? _up : _down).Enqueue((position, position.Version, RiskExitReason.TakeProfit), tp);
        }

        if (snapshot.StopLossPrice is { } sl)
        {
            (isLong ? _down : _up).Enqueue((position, position.Version, RiskExitReason.StopLoss), sl);
        }
    }

    /// <summary>Every watched position the tick reaches, with the reason; each leaves the book.</summary>
    public void Reached(decimal price, ICollection<(TrackedPosition Position, RiskExitReason Reason)> into)
    {
        Drain(_up, price, fromBelow: true, into);
        Drain(_down, price, fromBelow: false, into);
    }

    private static void Drain(
        PriorityQueue<(TrackedPosition Position, int Version, RiskExitReason Reason), decimal> queue,
        decimal price,
        bool fromBelow,
        ICollection<(TrackedPosition Position, RiskExitReason Reason)> into)
    {
        while (queue.TryPeek(out var item, out var level) && ((fromBelow ? price >= level : price <= level) || !Live(item)))
        {
            queue.Dequeue();
            if (Live(item))
            {
                item.Position.ExitRequested = item.Reason;
                into.Add((item.Position, item.Reason));
            }
        }
    }

    private static bool Live((TrackedPosition Position, int Version, RiskExitReason Reason) item) =>
        item.Position.Watched && item.Position.Version == item.Version;
}
