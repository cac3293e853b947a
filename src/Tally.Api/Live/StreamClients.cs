namespace Tally.Api.Live;

/// <summary>The live stream's connected clients (one change-feed subscription each), counted while they stay.</summary>
public sealed class StreamClients
{
    private int _connected;

    /// <summary>Clients connected to <c>GET /api/stream</c> now.</summary>
    public int Connected => Volatile.Read(ref _connected);

    internal void Joined() => Interlocked.Increment(ref _connected);

    internal void Left() => Interlocked.Decrement(ref _connected);
}
