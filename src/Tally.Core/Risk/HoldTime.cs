namespace Tally.Core.Risk;

/// <summary>
/// Maximum hold time (DESIGN §5): a position held for its class's maximum or longer exits with reason hold_time
/// (scalping strategies 30 min, meme 24 h, forex 4 h, others never; see <see cref="AssetClassMap.MaxHold"/>).
/// </summary>
public static class HoldTime
{
    public static bool Exceeded(RiskPosition position, DateTimeOffset now) =>
        position.MaxHold is { } max && now - position.OpenedAt >= max;

    /// <summary>The positions past their maximum, oldest first.</summary>
    public static IReadOnlyList<string> Expired(IEnumerable<RiskPosition> open, DateTimeOffset now) =>
        open.Where(p => Exceeded(p, now))
            .OrderBy(p => p.OpenedAt).ThenBy(p => p.StrategyPositionId, StringComparer.Ordinal)
            .Select(p => p.StrategyPositionId)
            .ToList();
}
