using System.Threading.Channels;

namespace Tally.Engine;

/// <summary>
/// The buffer a <see cref="UserDataFollower"/> puts between its connection and its ingest: frames in arrival order,
/// and timer markers posted among them so periodic REST work runs on the follower's task between two events and
/// never races the stream's ingest.
/// </summary>
internal static class FollowerBuffer
{
    // A few minutes of Binance's ≤10 events/s; full means the ingest is far behind, and the socket reader waits
    // (Binance then drops the connection, and the reconnect's back-fill recovers what was missed).
    private const int Capacity = 4096;

    /// <summary>One buffer per connection: the follower reads, the socket reader and the marker timer write.</summary>
    public static Channel<FollowerMessage> Create() => Channel.CreateBounded<FollowerMessage>(new BoundedChannelOptions(Capacity)
    {
        SingleReader = true,
        SingleWriter = false,
        FullMode = BoundedChannelFullMode.Wait,
    });

    /// <summary>
    /// Posts <paramref name="marker"/> every <paramref name="interval"/> (infinite: never); the next timer is set
    /// before each post, so whoever moves a virtual clock on after seeing the marker handled finds it armed.
    /// Ends quietly when the connection is cancelled or the buffer completed.
    /// </summary>
    public static async Task PostMarkersAsync(ChannelWriter<FollowerMessage> writer, FollowerMessage marker, TimeSpan interval, TimeProvider time, CancellationToken cancellationToken)
    {
        if (interval == Timeout.InfiniteTimeSpan)
        {
            return;
        }

        try
        {
            var due = Task.Delay(interval, time, cancellationToken);
            while (true)
            {
                await due;
                due = Task.Delay(interval, time, cancellationToken);
                await writer.WriteAsync(marker, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The connection is being closed.
        }
        catch (ChannelClosedException)
        {
            // The socket ended; the connection is being replaced.
        }
    }
}
