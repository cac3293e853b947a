using Tally.Exchanges.Binance.Client;

namespace Tally.Engine;

/// <summary>
/// The Binance spot side of a <see cref="UserDataFollower"/> (binance-wire.md §8): a user-data subscription on
/// the WebSocket API (no key to keep alive: the server pings, the socket answers), executionReport fills, and
/// myTrades for back-fill and checks.
/// </summary>
public sealed class SpotUserDataStream : IUserDataStream
{
    private readonly BinanceSpotClient _client;
    private readonly SpotTradeSynchronizer _synchronizer;
    private readonly Uri _webSocketApi;

    /// <param name="webSocketApi">The WebSocket API URL, e.g. wss://ws-api.binance.com:443/ws-api/v3.</param>
    public SpotUserDataStream(BinanceSpotClient client, SpotTradeSynchronizer synchronizer, Uri webSocketApi)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(synchronizer);
        ArgumentNullException.ThrowIfNull(webSocketApi);
        _client = client;
        _synchronizer = synchronizer;
        _webSocketApi = webSocketApi;
    }

    public async Task<IUserDataConnection> ConnectAsync(CancellationToken cancellationToken) =>
        new Connection(await _client.SubscribeUserDataAsync(_webSocketApi, cancellationToken));

    public UserDataFrame Read(string frame, string venue, string account) => BinanceUserDataFrames.Read(frame, venue, account);

    public Task<SyncReport> BackfillAsync(CancellationToken cancellationToken) => _synchronizer.BackfillAsync(cancellationToken);

    public async Task<IReadOnlyList<VenueTrade>> TradesFromAsync(string symbol, long fromId, int limit, CancellationToken cancellationToken) =>
        [.. (await _client.GetMyTradesAsync(symbol, fromId, null, null, limit, cancellationToken)).Select(r => new VenueTrade(r.Value.Id, r.Value.Time))];

    private sealed class Connection(BinanceSpotUserDataSubscription subscription) : IUserDataConnection
    {
        public string Description => $"subscription {subscription.SubscriptionId}";

        public Task<string?> ReceiveAsync(CancellationToken cancellationToken) => subscription.ReceiveAsync(cancellationToken);

        public Task<KeyLost?> KeepAliveAsync(CancellationToken cancellationToken) => Task.FromResult<KeyLost?>(null);

        public ValueTask DisposeAsync() => subscription.DisposeAsync();
    }
}
