namespace Tally.Core.Risk;

/// <summary>
/// The highest price of a trailing time window (the leader's "highest of the last 5 minutes"), O(1) amortized
/// per tick: a deque of prices that are each higher than every later one, oldest first. Ticks come in time order.
/// </summary>
public sealed class RollingHigh(TimeSpan lookback)
{
    private readonly LinkedList<(DateTimeOffset At, decimal Price)> _candidates = new();

    public TimeSpan Lookback { get; } = lookback;

    /// <summary>Adds a tick and returns the highest price of the window ending at it (the tick included).</summary>
    public decimal Add(DateTimeOffset at, decimal price)
    {
        while (_candidates.Last is { } last && last.Value.Price <= price)
        {
            _candidates.RemoveLast();
        }

        _candidates.AddLast((at, price));
        return Highest(at)!.Value;
    }

    /// <summary>The highest price of ticks at or after now − lookback, null if none.</summary>
    public decimal? Highest(DateTimeOffset now)
    {
        var from = now - Lookback;
        while (_candidates.First is { } first && first.Value.At < from)
        {
            _candidates.RemoveFirst();
        }

        return _candidates.First?.Value.Price;
    }
}
