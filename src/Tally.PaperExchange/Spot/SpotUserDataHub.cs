using System.Text.Json;
using System.Threading.Channels;
using Tally.PaperExchange.Spot.Wire;

namespace Tally.PaperExchange.Spot;

/// <summary>
/// The spot user-data subscriptions of the WebSocket API (binance-wire.md §8): each connection's outgoing
/// frames and the subscription ids it holds. Events arrive from <see cref="SpotVenue"/> under its lock, are
/// serialized once, wrapped as <c>{"subscriptionId":n,"event":{…}}</c> per subscription and offered without
/// blocking. Thread safe: one lock.
/// </summary>
public sealed class SpotUserDataHub
{
    // Per connection, responses and events together. A consumer that cannot keep up is disconnected rather
    // than allowed to stall the venue; it must re-subscribe and back-fill over REST, as on Binance.
    private const int ConnectionBuffer = 10_000;

    private readonly Lock _lock = new();
    private readonly List<Connection> _connections = [];
    private readonly Random _faultDraws;
    private readonly decimal _dropRate;
    private int _dropNext;
    private long _nextExecutionId = 1_000_000_000;

    public SpotUserDataHub(int seed, decimal dropRate)
    {
        _faultDraws = new Random(unchecked(seed ^ 0x5D0F));
        _dropRate = dropRate;
    }

    /// <summary>Events published so far that no subscription received because of a drop fault.</summary>
    public int Dropped { get; private set; }

    /// <summary>Subscriptions open now, over every connection.</summary>
    public int Subscriptions
    {
        get
        {
            lock (_lock)
            {
                return _connections.Sum(c => c.SubscriptionIds.Count);
            }
        }
    }

    /// <summary>Swallows the next <paramref name="count"/> events (for tests of the back-fill that must find them).</summary>
    public void DropNext(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        lock (_lock)
        {
            _dropNext = checked(_dropNext + count);
        }
    }

    /// <summary>Closes every connection as the server (a network drop as the client sees it).</summary>
    public void DisconnectAll()
    {
        lock (_lock)
        {
            foreach (var connection in _connections)
            {
                connection.Frames.Writer.TryComplete();
            }

            _connections.Clear();
        }
    }

    /// <summary>Registers a new connection; <see cref="Disconnect"/> it when the socket ends.</summary>
    public Connection Connect()
    {
        var connection = new Connection(Channel.CreateBounded<string>(new BoundedChannelOptions(ConnectionBuffer) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait }));
        lock (_lock)
        {
            _connections.Add(connection);
        }

        return connection;
    }

    public void Disconnect(Connection connection)
    {
        lock (_lock)
        {
            _connections.Remove(connection);
        }
    }

    /// <summary>Queues a response frame on one connection; false when that connection is gone.</summary>
    public bool Reply(Connection connection, string frame)
    {
        lock (_lock)
        {
            return _connections.Contains(connection) && Offer(connection, frame);
        }
    }

    /// <summary>Opens a subscription on a connection; its id is the connection's next (0 first, as on Binance).</summary>
    public int Subscribe(Connection connection)
    {
        lock (_lock)
        {
            var id = connection.NextSubscriptionId++;
            connection.SubscriptionIds.Add(id);
            return id;
        }
    }

    /// <summary>Ends one subscription of a connection, or all of them when <paramref name="subscriptionId"/> is null; false when none matched.</summary>
    public bool Unsubscribe(Connection connection, int? subscriptionId)
    {
        lock (_lock)
        {
            return subscriptionId is { } id ? connection.SubscriptionIds.Remove(id) : connection.SubscriptionIds.RemoveAll(_ => true) > 0;
        }
    }

    /// <summary>
    /// Sends <paramref name="frame"/> as it is to every connection holding a subscription, with no fault draws: a
    /// test's garbled event.
    /// </summary>
    public void SendRaw(string frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        lock (_lock)
        {
            for (var i = _connections.Count - 1; i >= 0; i--)
            {
                if (_connections[i].SubscriptionIds.Count > 0 && !Offer(_connections[i], frame))
                {
                    _connections.RemoveAt(i);
                }
            }
        }
    }

    /// <summary>The venue's event sink: serializes once, wraps per subscription, drops a connection that is full.</summary>
    public void Publish(SpotEvent spotEvent)
    {
        ArgumentNullException.ThrowIfNull(spotEvent);
        lock (_lock)
        {
            var json = spotEvent switch
            {
                SpotOrderEvent e => JsonSerializer.Serialize(SpotWireMapping.ExecutionReport(e, _nextExecutionId++), SpotJsonContext.Default.ExecutionReportEvent),
                SpotBalanceEvent e => JsonSerializer.Serialize(SpotWireMapping.AccountPosition(e), SpotJsonContext.Default.OutboundAccountPositionEvent),
                _ => throw new ArgumentOutOfRangeException(nameof(spotEvent), spotEvent, "unknown spot event"),
            };
            if (ShouldDrop())
            {
                Dropped++;
                return;
            }

            for (var i = _connections.Count - 1; i >= 0; i--)
            {
                var connection = _connections[i];
                foreach (var id in connection.SubscriptionIds)
                {
                    if (!Offer(connection, $"{{\"subscriptionId\":{id},\"event\":{json}}}"))
                    {
                        _connections.RemoveAt(i);
                        break;
                    }
                }
            }
        }
    }

    private bool ShouldDrop()
    {
        if (_dropNext > 0)
        {
            _dropNext--;
            return true;
        }

        return _dropRate > 0 && _faultDraws.Next(1_000_000) / 1_000_000m < _dropRate;
    }

    private static bool Offer(Connection connection, string frame)
    {
        if (connection.Frames.Writer.TryWrite(frame))
        {
            return true;
        }

        connection.Frames.Writer.TryComplete();
        return false;
    }

    /// <summary>One WebSocket API connection: its outgoing frames (read them with <see cref="Outgoing"/>) and subscriptions.</summary>
    public sealed class Connection
    {
        internal Connection(Channel<string> frames) => Frames = frames;

        /// <summary>Responses and events to send, in order; completes when the server ends the connection.</summary>
        public ChannelReader<string> Outgoing => Frames.Reader;

        internal Channel<string> Frames { get; }

        internal List<int> SubscriptionIds { get; } = [];

        internal int NextSubscriptionId { get; set; }
    }
}
