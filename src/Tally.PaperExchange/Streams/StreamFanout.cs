using System.Threading.Channels;

namespace Tally.PaperExchange.Streams;

/// <summary>
/// The WebSocket connections of one stream family and the faults of its messages, shared by the user-data stream
/// (<see cref="UserDataStream"/>) and the market streams (<see cref="MarketStreams"/>): each published message meets
/// one fault — scripted first (<see cref="Enqueue"/>, in order), else a seeded draw at the configured rates — and is
/// then offered to every connection that wants it without blocking. Thread safe: one lock.
/// </summary>
public sealed class StreamFanout
{
    // Per connection. Binance disconnects a consumer that cannot keep up rather than stall the stream; so does
    // this: when a connection's buffer is full it is completed (closed), and the client must back-fill over REST.
    // 10 000 messages is minutes of heavy trading, far more than a live test client lags.
    private const int ConnectionBuffer = 10_000;

    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly StreamFaultRates _rates;
    private readonly bool _onlyWanted;
    private readonly Random _faultDraws;
    private readonly List<Subscriber> _subscribers = [];
    private readonly Queue<(StreamFault Fault, TimeSpan Delay)> _scriptedFaults = new();

    /// <summary>Messages held by a delay fault, in order; while it is not empty every later message queues behind them.</summary>
    private readonly Queue<StreamMessage> _delayed = new();
    private ITimer? _delayTimer;
    private StreamMessage? _heldBack;

    /// <param name="faultSeed">Seeds the fault draws (a stream of its own, so faults never change prices).</param>
    /// <param name="onlyWanted">
    /// True: a message no connection wants is skipped without a fault draw, so a scripted fault strikes the next
    /// message someone reads (market streams). False: every message draws, connections or not (user data).
    /// </param>
    public StreamFanout(TimeProvider time, int faultSeed, StreamFaultRates rates, bool onlyWanted)
    {
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(rates);
        _time = time;
        _rates = rates;
        _onlyWanted = onlyWanted;
        _faultDraws = new Random(faultSeed);
    }

    /// <summary>How long a delay fault holds the stream unless scripted otherwise.</summary>
    public TimeSpan DefaultDelay => _rates.DelayFor;

    /// <summary>Open connections.</summary>
    public int Connections
    {
        get
        {
            lock (_lock)
            {
                return _subscribers.Count;
            }
        }
    }

    /// <summary>Messages a delay fault is holding (sent when the exchange clock passes the delay).</summary>
    public int HeldEvents
    {
        get
        {
            lock (_lock)
            {
                return _delayed.Count;
            }
        }
    }

    /// <summary>Scripts the faults of the next messages, in order; <paramref name="delay"/> is how long a <see cref="StreamFault.Delay"/> holds them.</summary>
    public void Enqueue(StreamFault fault, int count, TimeSpan delay)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(delay, TimeSpan.Zero);
        lock (_lock)
        {
            for (var i = 0; i < count; i++)
            {
                _scriptedFaults.Enqueue((fault, delay));
            }
        }
    }

    /// <summary>A reader of the messages from now on: those <paramref name="wants"/> accepts (by stream name), as <paramref name="render"/> writes them.</summary>
    public ChannelReader<string> Connect(Func<string?, bool> wants, Func<StreamMessage, string> render)
    {
        ArgumentNullException.ThrowIfNull(wants);
        ArgumentNullException.ThrowIfNull(render);
        var channel = Channel.CreateBounded<string>(new BoundedChannelOptions(ConnectionBuffer) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        lock (_lock)
        {
            _subscribers.Add(new Subscriber(channel, wants, render));
        }

        return channel.Reader;
    }

    public void Disconnect(ChannelReader<string> reader)
    {
        lock (_lock)
        {
            _subscribers.RemoveAll(s => s.Channel.Reader == reader);
        }
    }

    /// <summary>True when some open connection reads <paramref name="stream"/>: a producer can skip building a message nobody reads.</summary>
    public bool Wants(string? stream)
    {
        lock (_lock)
        {
            return WantedLocked(stream);
        }
    }

    /// <summary>One message through its fault, then to every connection that wants it.</summary>
    public void Publish(StreamMessage message)
    {
        lock (_lock)
        {
            if (_onlyWanted && !WantedLocked(message.Stream))
            {
                return;
            }

            var (fault, delay) = NextFault();
            switch (fault)
            {
                case StreamFault.Drop or StreamFault.Silent:
                    return;
                case StreamFault.Duplicate:
                    Send(message);
                    Send(message);
                    break;
                case StreamFault.Reorder when _heldBack is null:
                    _heldBack = message;
                    return;
                case StreamFault.Disconnect:
                    CloseAll();
                    return;
                case StreamFault.Delay:
                    Hold(message, delay);
                    break;
                case StreamFault.Reorder or null:
                    Send(message);
                    break;
            }

            if (_heldBack is { } held)
            {
                _heldBack = null;
                Send(held);
            }
        }
    }

    /// <summary>Sends without a fault draw, behind any held delay (a garbled frame for a client's tests).</summary>
    public void SendRaw(StreamMessage message)
    {
        lock (_lock)
        {
            Send(message);
        }
    }

    /// <summary>Sends past any hold and forgets held and held-back messages (the stream ends right after: an expired key).</summary>
    public void SendFinal(StreamMessage message)
    {
        lock (_lock)
        {
            SendNow(message);
            _heldBack = null;
            _delayed.Clear();
        }
    }

    /// <summary>Closes every connection (their readers complete).</summary>
    public void CloseAll()
    {
        lock (_lock)
        {
            foreach (var subscriber in _subscribers)
            {
                subscriber.Channel.Writer.TryComplete();
            }

            _subscribers.Clear();
        }
    }

    private bool WantedLocked(string? stream)
    {
        foreach (var subscriber in _subscribers)
        {
            if (subscriber.Wants(stream))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Starts (or joins) a hold: the message waits <paramref name="delay"/> on the exchange clock, and every message
    /// published meanwhile waits behind it, so order is kept. Under the lock.
    /// </summary>
    private void Hold(StreamMessage message, TimeSpan delay)
    {
        var starting = _delayed.Count == 0;
        _delayed.Enqueue(message);
        if (starting)
        {
            _delayTimer?.Dispose();

            // A clock may run the callback inside CreateTimer (the engine tests' virtual clock does); the lock is
            // re-entrant and the callback only flushes, so that is a zero-length hold, not a deadlock.
            _delayTimer = _time.CreateTimer(_ => Release(), null, delay, Timeout.InfiniteTimeSpan);
        }
    }

    private void Release()
    {
        lock (_lock)
        {
            while (_delayed.TryDequeue(out var message))
            {
                SendNow(message);
            }
        }
    }

    /// <summary>The scripted fault if any is queued, else a seeded draw at the configured rates. Under the lock.</summary>
    private (StreamFault? Fault, TimeSpan Delay) NextFault()
    {
        if (_scriptedFaults.TryDequeue(out var scripted))
        {
            return scripted;
        }

        if (_rates.Total == 0)
        {
            return (null, TimeSpan.Zero);
        }

        var draw = _faultDraws.Next(1_000_000) / 1_000_000m;
        StreamFault? fault = draw < _rates.Drop ? StreamFault.Drop
            : draw < _rates.Drop + _rates.Duplicate ? StreamFault.Duplicate
            : draw < _rates.Drop + _rates.Duplicate + _rates.Reorder ? StreamFault.Reorder
            : draw < _rates.Total ? StreamFault.Delay
            : null;
        return (fault, _rates.DelayFor);
    }

    /// <summary>Sends, or queues behind held messages while a delay fault holds the stream. Under the lock.</summary>
    private void Send(StreamMessage message)
    {
        if (_delayed.Count > 0)
        {
            _delayed.Enqueue(message);
            return;
        }

        SendNow(message);
    }

    private void SendNow(StreamMessage message)
    {
        for (var i = _subscribers.Count - 1; i >= 0; i--)
        {
            var subscriber = _subscribers[i];
            if (!subscriber.Wants(message.Stream))
            {
                continue;
            }

            if (!subscriber.Channel.Writer.TryWrite(subscriber.Render(message)))
            {
                subscriber.Channel.Writer.TryComplete();
                _subscribers.RemoveAt(i);
            }
        }
    }

    private sealed record Subscriber(Channel<string> Channel, Func<string?, bool> Wants, Func<StreamMessage, string> Render);
}
