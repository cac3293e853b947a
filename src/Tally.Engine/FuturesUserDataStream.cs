using System.Net.WebSockets;
using System.Text;
using Tally.Exchanges.Binance.Client;

namespace Tally.Engine;

/// <summary>
/// The Binance USD-M side of a <see cref="UserDataFollower"/> (binance-wire.md §7): a listenKey from REST, a
/// WebSocket on <c>streamBase + listenKey</c> with client pings, the key extended every
/// <see cref="KeepAliveInterval"/>, ORDER_TRADE_UPDATE fills, and userTrades for back-fill and checks.
/// </summary>
public sealed class FuturesUserDataStream : IUserDataStream
{
    private readonly BinanceFuturesClient _client;
    private readonly TradeSynchronizer _synchronizer;
    private readonly Uri _streamBase;
    private readonly TimeProvider _time;

    /// <param name="streamBase">The WebSocket base the listenKey is appended to, e.g. wss://fstream.binance.com/private/ws/.</param>
    public FuturesUserDataStream(BinanceFuturesClient client, TradeSynchronizer synchronizer, Uri streamBase, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(synchronizer);
        ArgumentNullException.ThrowIfNull(streamBase);
        ArgumentNullException.ThrowIfNull(time);
        _client = client;
        _synchronizer = synchronizer;
        _streamBase = streamBase;
        _time = time;
    }

    /// <summary>How often the listenKey is extended (Binance: it lives 60 minutes); infinite turns it off.</summary>
    public TimeSpan KeepAliveInterval { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// How often the client pings the server (WebSocket ping frames; the server's own pings are answered
    /// automatically). Infinite turns it off.
    /// </summary>
    public TimeSpan PingInterval { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How long a ping may go unanswered before the socket aborts itself and the follower replaces it (with a
    /// back-fill): a peer or a network path that died without closing shows itself only this way.
    /// </summary>
    public TimeSpan PingTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public async Task<IUserDataConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        var listenKey = await _client.CreateListenKeyAsync(cancellationToken);
        var socket = new ClientWebSocket();
        socket.Options.KeepAliveInterval = PingInterval;
        socket.Options.KeepAliveTimeout = PingInterval == Timeout.InfiniteTimeSpan ? Timeout.InfiniteTimeSpan : PingTimeout;
        try
        {
            await socket.ConnectAsync(new Uri(_streamBase, Uri.EscapeDataString(listenKey)), cancellationToken);
        }
        catch
        {
            socket.Dispose();
            throw;
        }

        return new Connection(this, socket);
    }

    public UserDataFrame Read(string frame, string venue, string account) => BinanceUserDataFrames.Read(frame, venue, account);

    public Task<SyncReport> BackfillAsync(CancellationToken cancellationToken) => _synchronizer.BackfillAsync(cancellationToken);

    public async Task<IReadOnlyList<VenueTrade>> TradesFromAsync(string symbol, long fromId, int limit, CancellationToken cancellationToken) =>
        [.. (await _client.GetUserTradesAsync(symbol, fromId, null, null, limit, cancellationToken)).Select(r => new VenueTrade(r.Value.Id, r.Value.Time))];

    private sealed class Connection(FuturesUserDataStream stream, ClientWebSocket socket) : IUserDataConnection
    {
        private readonly byte[] _chunk = new byte[16 * 1024];
        private readonly MemoryStream _message = new();

        public string Description => "listenKey stream";

        public async Task<string?> ReceiveAsync(CancellationToken cancellationToken)
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(_chunk, cancellationToken);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return null;
                }

                _message.Write(_chunk, 0, result.Count);
                if (result.EndOfMessage)
                {
                    var text = Encoding.UTF8.GetString(_message.GetBuffer(), 0, (int)_message.Length);
                    _message.SetLength(0);
                    return text;
                }
            }
        }

        public async Task<KeyLost?> KeepAliveAsync(CancellationToken cancellationToken)
        {
            if (stream.KeepAliveInterval == Timeout.InfiniteTimeSpan)
            {
                return null;
            }

            while (true)
            {
                await Task.Delay(stream.KeepAliveInterval, stream._time, cancellationToken);
                try
                {
                    await stream._client.KeepAliveListenKeyAsync(cancellationToken);
                }
                catch (BinanceApiException e)
                {
                    // -1125: the key is gone. Any refusal is handled the same way, by a new key and a back-fill.
                    return new KeyLost(e.Code == -1125, e);
                }
            }
        }

        public ValueTask DisposeAsync()
        {
            socket.Dispose();
            _message.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
