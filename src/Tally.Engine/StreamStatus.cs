namespace Tally.Engine;

/// <summary>Where a <see cref="UserDataFollower"/> is.</summary>
public enum StreamStatus
{
    /// <summary>Getting a listenKey and opening the WebSocket.</summary>
    Connecting,

    /// <summary>Connected and buffering events while the REST backfill from the checkpoint runs.</summary>
    CatchingUp,

    /// <summary>Backfill done; fills come from the stream as they happen.</summary>
    Live,
}
