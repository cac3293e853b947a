namespace Tally.Engine;

/// <summary>Why a connection's key could no longer be kept alive: the follower replaces the connection.</summary>
/// <param name="Expired">True when the venue said the key is gone (USD-M -1125): counted in <see cref="FollowerHealth.KeyExpiries"/>.</param>
/// <param name="Reason">The venue's answer, for the log.</param>
public sealed record KeyLost(bool Expired, Exception Reason);
