namespace Tally.Engine;

/// <summary>
/// What a <see cref="UserDataFollower"/>'s buffer carries, in arrival order: the connection's frames, and the
/// timers' markers posted among them so periodic REST work runs on the follower's task between two frames and
/// never races the stream's ingest. A closed set: only the cases below derive.
/// </summary>
internal abstract record FollowerMessage
{
    private FollowerMessage()
    {
    }

    /// <summary>One whole text frame as the connection received it.</summary>
    public sealed record Frame(string Text) : FollowerMessage;

    /// <summary>The silent-stream check is due.</summary>
    public sealed record SilentCheckDue : FollowerMessage
    {
        public static readonly SilentCheckDue Instance = new();
    }

    /// <summary>The periodic back-fill is due.</summary>
    public sealed record SweepDue : FollowerMessage
    {
        public static readonly SweepDue Instance = new();
    }
}
