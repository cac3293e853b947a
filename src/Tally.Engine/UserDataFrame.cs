using Tally.Core;

namespace Tally.Engine;

/// <summary>
/// What one user-data frame means to a <see cref="UserDataFollower"/>, as its venue's
/// <see cref="IUserDataStream.Read"/> says. A closed set: only the cases below derive.
/// </summary>
public abstract record UserDataFrame
{
    private UserDataFrame()
    {
    }

    /// <summary>A fill, stored with the frame as its raw text.</summary>
    public sealed record FillFrame(Fill Fill) : UserDataFrame;

    /// <summary>Nothing to store: an order or balance update without a fill, or an event type not followed.</summary>
    public sealed record Ignored : UserDataFrame
    {
        public static readonly Ignored Instance = new();
    }

    /// <summary>The venue ended the stream's key or session (USD-M listenKeyExpired, spot eventStreamTerminated): reconnect.</summary>
    public sealed record Expired : UserDataFrame
    {
        public static readonly Expired Instance = new();
    }

    /// <summary>The frame could not be read; <paramref name="Problem"/> names the field. Quarantined, and the stream goes on.</summary>
    public sealed record Unreadable(string Problem) : UserDataFrame;
}
