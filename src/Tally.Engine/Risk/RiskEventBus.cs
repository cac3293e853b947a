using System.Threading.Channels;
using Tally.Storage;

namespace Tally.Engine.Risk;

/// <summary>
/// The risk events as journalled, published to every subscriber (notifications, the dashboard) over a bounded channel
/// each. A slow subscriber never slows the monitor: when its channel is full the oldest event is dropped
/// (<see cref="BoundedChannelFullMode.DropOldest"/>) and counted in <see cref="Dropped"/>; the journal in the store
/// (<c>risk_events</c>) has them all.
/// </summary>
public sealed class RiskEventBus(int capacity = 1024)
{
    private readonly Lock _gate = new();
    private readonly List<Channel<StoredRiskEvent>> _subscribers = [];
    private long _dropped;

    /// <summary>Events dropped because a subscriber's channel was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>A new subscriber: it sees every event published from now on (up to its capacity behind).</summary>
    public ChannelReader<StoredRiskEvent> Subscribe()
    {
        var channel = Channel.CreateBounded<StoredRiskEvent>(
            new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleWriter = true },
            _ => Interlocked.Increment(ref _dropped));
        lock (_gate)
        {
            _subscribers.Add(channel);
        }

        return channel.Reader;
    }

    /// <summary>Publishes to every subscriber without waiting.</summary>
    public void Publish(StoredRiskEvent riskEvent)
    {
        ArgumentNullException.ThrowIfNull(riskEvent);
        lock (_gate)
        {
            foreach (var subscriber in _subscribers)
            {
                subscriber.Writer.TryWrite(riskEvent);
            }
        }
    }

    /// <summary>Ends every subscription (the host is stopping).</summary>
    public void Complete()
    {
        lock (_gate)
        {
            foreach (var subscriber in _subscribers)
            {
                subscriber.Writer.TryComplete();
            }
        }
    }
}
