using System.Threading.Channels;

namespace Tally.Storage.Live;

/// <summary>
/// The log's committed changes, published to every subscriber over a bounded channel each. A slow subscriber never
/// slows a writer: when its channel is full the oldest change is dropped (<see cref="BoundedChannelFullMode.DropOldest"/>)
/// and counted in <see cref="Dropped"/>; the store has everything, so a subscriber that must see all reads it back.
/// </summary>
public sealed class ChangeFeed(int capacity = 1024)
{
    private readonly Lock _gate = new();
    private readonly List<Channel<LogChange>> _subscribers = [];
    private long _dropped;

    /// <summary>Changes dropped because a subscriber's channel was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>A new subscriber: it sees every change published from now on (up to the capacity behind).</summary>
    public ChannelReader<LogChange> Subscribe()
    {
        var channel = Channel.CreateBounded<LogChange>(
            new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => Interlocked.Increment(ref _dropped));
        lock (_gate)
        {
            _subscribers.Add(channel);
        }

        return channel.Reader;
    }

    /// <summary>Stops delivering to <paramref name="reader"/> and completes it.</summary>
    public void Unsubscribe(ChannelReader<LogChange> reader)
    {
        lock (_gate)
        {
            var index = _subscribers.FindIndex(c => ReferenceEquals(c.Reader, reader));
            if (index >= 0)
            {
                _subscribers[index].Writer.TryComplete();
                _subscribers.RemoveAt(index);
            }
        }
    }

    /// <summary>Publishes to every subscriber without waiting.</summary>
    public void Publish(LogChange change)
    {
        ArgumentNullException.ThrowIfNull(change);
        lock (_gate)
        {
            foreach (var subscriber in _subscribers)
            {
                subscriber.Writer.TryWrite(change);
            }
        }
    }

    /// <summary>Ends every subscription (the log is closing).</summary>
    public void Complete()
    {
        lock (_gate)
        {
            foreach (var subscriber in _subscribers)
            {
                subscriber.Writer.TryComplete();
            }

            _subscribers.Clear();
        }
    }
}
