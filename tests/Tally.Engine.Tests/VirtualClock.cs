using Microsoft.Extensions.Time.Testing;

namespace Tally.Engine.Tests;

/// <summary>
/// A fake clock on which waiting takes no wall time: creating a timer (Task.Delay on this provider) moves the
/// clock forward by the timer's due time, so the timer fires at once. The paper exchange and the client can share
/// it, which makes a governor's "wait for the next minute" both real to the exchange and instant for the test.
/// </summary>
internal sealed class VirtualClock : TimeProvider
{
    private readonly FakeTimeProvider _fake;
    private readonly Lock _lock = new();

    public VirtualClock(DateTimeOffset start)
    {
        _fake = new FakeTimeProvider(start);
    }

    /// <summary>Time that passed inside timers (waits), as opposed to <see cref="Advance"/> by the test.</summary>
    public TimeSpan Waited { get; private set; }

    public override DateTimeOffset GetUtcNow() => _fake.GetUtcNow();

    public override long GetTimestamp() => _fake.GetTimestamp();

    public override long TimestampFrequency => _fake.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public void Advance(TimeSpan delta)
    {
        lock (_lock)
        {
            _fake.Advance(delta);
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = _fake.CreateTimer(callback, state, dueTime, period);
        if (dueTime > TimeSpan.Zero && dueTime != Timeout.InfiniteTimeSpan)
        {
            lock (_lock)
            {
                Waited += dueTime;
                _fake.Advance(dueTime);
            }
        }

        return timer;
    }
}
