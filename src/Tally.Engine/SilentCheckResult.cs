namespace Tally.Engine;

/// <summary>One silent-stream check of a <see cref="UserDataFollower"/>.</summary>
/// <param name="Undelivered">Trades REST has that the log lacked at this check.</param>
/// <param name="Silent">True when some had been missing for the grace period: the follower reconnects.</param>
public sealed record SilentCheckResult(int Undelivered, bool Silent);
