namespace Tally.Engine;

/// <summary>A <see cref="UserDataFollower"/>'s status with its counters.</summary>
/// <param name="Connections">Connections opened so far (1 + reconnects).</param>
/// <param name="Reconnects">Connections after the first, whatever the cause.</param>
/// <param name="SilentDetections">Times the stream was found silent (REST had trades it never delivered).</param>
/// <param name="KeyExpiries">Times the listenKey was found expired (an expiry event, or a keep-alive refused as expired).</param>
public sealed record FollowerHealth(StreamStatus Status, int Connections, int Reconnects, int SilentDetections, int KeyExpiries);
