namespace Tally.Engine;

/// <summary>
/// One venue's side of a <see cref="UserDataFollower"/>: how to open a user-data connection and keep it alive,
/// what a frame means, and how to back-fill and list recent trades over REST. The follower owns the order
/// (connect, buffer, back-fill, live), the quarantine, the silent-stream check and the counters.
/// </summary>
public interface IUserDataStream
{
    /// <summary>Opens a connection; frames from then on are delivered by it.</summary>
    /// <exception cref="System.Net.WebSockets.WebSocketException">The connection could not open (retried after the follower's reconnect delay).</exception>
    Task<IUserDataConnection> ConnectAsync(CancellationToken cancellationToken);

    /// <summary>What one frame means; never throws for a frame it cannot read (<see cref="UserDataFrame.Unreadable"/>).</summary>
    UserDataFrame Read(string frame, string venue, string account);

    /// <summary>The REST back-fill from the checkpoints (run after every connect, before live, and by the sweep).</summary>
    Task<SyncReport> BackfillAsync(CancellationToken cancellationToken);

    /// <summary>Up to <paramref name="limit"/> trades of <paramref name="symbol"/> from trade id <paramref name="fromId"/> on, oldest first.</summary>
    Task<IReadOnlyList<VenueTrade>> TradesFromAsync(string symbol, long fromId, int limit, CancellationToken cancellationToken);
}

/// <summary>One open user-data connection. One reader at a time; dispose to close.</summary>
public interface IUserDataConnection : IAsyncDisposable
{
    /// <summary>How the log names it, e.g. "subscription 3".</summary>
    string Description { get; }

    /// <summary>The next whole text frame; null when the peer closed the connection.</summary>
    /// <exception cref="System.Net.WebSockets.WebSocketException">The connection dropped.</exception>
    Task<string?> ReceiveAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Keeps the connection's key alive until cancelled; completes with why when the venue would no longer extend
    /// it, or with null at once when there is nothing to keep alive.
    /// </summary>
    Task<KeyLost?> KeepAliveAsync(CancellationToken cancellationToken);
}
