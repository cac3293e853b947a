namespace Tally.Exchanges.Binance.Client;

/// <summary>
/// Keeps a client under Binance's REQUEST_WEIGHT per IP per calendar minute (binance-wire.md §4). Before a call
/// it reserves the call's weight; when that would pass <c>limit × headroom</c> it waits, on the injected clock,
/// until the next minute of the exchange's clock. Every answer's <c>X-MBX-USED-WEIGHT-1M</c> corrects the count
/// (other clients on the same IP use weight too). After a 429 or 418 nothing is sent before Retry-After has
/// passed, since a request sent while limited earns an escalating ban.
/// </summary>
/// <remarks>
/// Thread safe: one lock over a few fields; waits happen outside it. Concurrent callers reserve before sending,
/// so together they cannot overshoot the budget either.
/// Example: limit 2400, headroom 0.9 → budget 2160 a minute = 432 userTrades pages of weight 5.
/// </remarks>
public sealed class BinanceWeightGovernor
{
    private const long MinuteMs = 60_000;

    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly decimal _headroom;
    private readonly TimeSpan _margin;
    private int _limit;
    private long _minute = -1;
    private int _used;
    private DateTimeOffset? _blockedUntil;

    /// <param name="serverOffset">Exchange time minus local time, read on every decision (it changes after a resync).</param>
    public BinanceWeightGovernor(TimeProvider time, int limit, decimal headroom, TimeSpan margin, Func<TimeSpan> serverOffset)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(serverOffset);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        _time = time;
        _limit = limit;
        _headroom = headroom;
        _margin = margin;
        ServerOffset = serverOffset;
    }

    /// <summary>REQUEST_WEIGHT per minute in force (from exchangeInfo once read).</summary>
    public int Limit
    {
        get
        {
            lock (_lock)
            {
                return _limit;
            }
        }
    }

    /// <summary>Weight counted in the current exchange minute (own reservations and the last header).</summary>
    public int Used
    {
        get
        {
            lock (_lock)
            {
                Roll(ServerNow());
                return _used;
            }
        }
    }

    /// <summary>How often (and for how long in total) callers waited for a minute boundary or a Retry-After.</summary>
    public int Waits { get; private set; }

    public TimeSpan TotalWaited { get; private set; }

    private Func<TimeSpan> ServerOffset { get; }

    /// <summary>Sets the REQUEST_WEIGHT limit exchangeInfo published.</summary>
    public void SetLimit(int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        lock (_lock)
        {
            _limit = limit;
        }
    }

    /// <summary>Waits until <paramref name="weight"/> fits in the minute's budget and no 429/418 is in force, then reserves it.</summary>
    public async Task AcquireAsync(int weight, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(weight);
        while (true)
        {
            TimeSpan wait;
            lock (_lock)
            {
                var now = ServerNow();
                if (_blockedUntil is { } until && until > now)
                {
                    wait = until - now + _margin;
                }
                else
                {
                    _blockedUntil = null;
                    Roll(now);

                    // Floor of limit × headroom; a call heavier than the whole budget still goes alone in a fresh minute.
                    var budget = Math.Max(1, (int)decimal.Floor(_limit * _headroom));
                    if (_used + weight <= budget || _used == 0)
                    {
                        _used = checked(_used + weight);
                        return;
                    }

                    wait = NextMinute(now) - now + _margin;
                }

                Waits = checked(Waits + 1);
                TotalWaited += wait;
            }

            await Task.Delay(wait, _time, cancellationToken);
        }
    }

    /// <summary>Takes the exchange's count from an answer's <c>X-MBX-USED-WEIGHT-1M</c>; never lowers our own count within a minute.</summary>
    public void Observe(int usedWeight)
    {
        lock (_lock)
        {
            Roll(ServerNow());
            _used = Math.Max(_used, usedWeight);
        }
    }

    /// <summary>After a 429/418: nothing is sent until <paramref name="retryAfter"/> (or, without one, the next minute) has passed.</summary>
    public void Block(TimeSpan? retryAfter)
    {
        lock (_lock)
        {
            var now = ServerNow();
            var until = retryAfter is { } delay ? now + delay : NextMinute(now);
            if (_blockedUntil is null || until > _blockedUntil)
            {
                _blockedUntil = until;
            }
        }
    }

    private DateTimeOffset ServerNow() => _time.GetUtcNow() + ServerOffset();

    private static DateTimeOffset NextMinute(DateTimeOffset now) =>
        DateTimeOffset.FromUnixTimeMilliseconds(((now.ToUnixTimeMilliseconds() / MinuteMs) + 1) * MinuteMs);

    private void Roll(DateTimeOffset now)
    {
        var minute = now.ToUnixTimeMilliseconds() / MinuteMs;
        if (minute != _minute)
        {
            _minute = minute;
            _used = 0;
        }
    }
}
