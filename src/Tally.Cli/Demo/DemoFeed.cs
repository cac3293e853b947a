using Tally.PaperExchange;

namespace Tally.Cli.Demo;

/// <summary>
/// Where one demo symbol's prices come from: the seeded <see cref="DemoWalk"/>, or the closes of a LEAN price file
/// (one bar per step, forward, back and forward again as the paper exchange plays files), rounded to the tick.
/// </summary>
public sealed class DemoFeed
{
    private readonly DemoWalk? _walk;
    private readonly IReadOnlyList<decimal>? _closes;
    private readonly decimal _tick;
    private long _step;

    private DemoFeed(DemoWalk? walk, IReadOnlyList<decimal>? closes, decimal tick)
    {
        _walk = walk;
        _closes = closes;
        _tick = tick;
    }

    public static DemoFeed Walk(decimal start, decimal tickSize, int seed) => new(new DemoWalk(start, tickSize, seed), null, tickSize);

    /// <summary>The file's closes in order; at least one.</summary>
    public static DemoFeed File(IReadOnlyList<decimal> closes, decimal tickSize)
    {
        ArgumentNullException.ThrowIfNull(closes);
        ArgumentOutOfRangeException.ThrowIfZero(closes.Count);
        return new DemoFeed(null, closes, tickSize);
    }

    /// <summary>The next price.</summary>
    public decimal Next()
    {
        if (_walk is not null)
        {
            return _walk.Next();
        }

        var close = _closes![LeanBars.IndexAt(_step++, _closes.Count)];
        return Math.Max(Math.Round(close / _tick, MidpointRounding.ToEven) * _tick, _tick);
    }
}
