namespace Tally.Core.Risk;

/// <summary>
/// A symbol's correlation to a leader: the Pearson coefficient of their 1-minute log returns (Measured), or the
/// per-class default when fewer than the minimum aligned returns were available (or one series did not move).
/// Decimal like the rest of Core's API; it is computed in double (logarithms) and carries about 15 digits.
/// </summary>
public readonly record struct CorrelationEstimate(decimal Value, int Points, bool Measured);
