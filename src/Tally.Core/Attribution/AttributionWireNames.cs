namespace Tally.Core.Attribution;

/// <summary>
/// Spellings of the attribution's closed sets as users see them (CLI, JSON, the <c>strategy_positions</c>
/// and <c>position_contributions</c> tables). A contract, like <see cref="WireNames"/>.
/// </summary>
public static class AttributionWireNames
{
    public static string ToWireName(this CloseReason reason) => reason switch
    {
        CloseReason.TakeProfit => "take_profit",
        CloseReason.StopLoss => "stop_loss",
        CloseReason.TrailingStop => "trailing_stop",
        CloseReason.Signal => "signal",
        CloseReason.OppositeSignal => "opposite_signal",
        CloseReason.CircuitBreaker => "circuit_breaker",
        CloseReason.Dump => "dump",
        CloseReason.Correlation => "correlation",
        CloseReason.HoldTime => "hold_time",
        CloseReason.Health => "health",
        CloseReason.Manual => "manual",
        CloseReason.Liquidation => "liquidation",
        CloseReason.Adl => "adl",
    };

    public static string ToWireName(this AttributionPolicy policy) => policy switch
    {
        AttributionPolicy.Fifo => "fifo",
        AttributionPolicy.ProRata => "pro-rata",
    };

    public static string ToWireName(this StrategyPositionStatus status) => status switch
    {
        StrategyPositionStatus.Open => "open",
        StrategyPositionStatus.Partial => "partial",
        StrategyPositionStatus.Closed => "closed",
    };

    /// <summary>A contribution is <c>active</c> while its strategy position holds anything, else <c>closed</c>.</summary>
    public static string ContributionStatus(StrategyPositionStatus status) => status switch
    {
        StrategyPositionStatus.Open or StrategyPositionStatus.Partial => "active",
        StrategyPositionStatus.Closed => "closed",
    };

    public static bool TryParseCloseReason(string text, out CloseReason reason) =>
        TryParse(text.Trim().ToLowerInvariant(), static r => r.ToWireName(), out reason);

    public static bool TryParsePolicy(string text, out AttributionPolicy policy) =>
        TryParse(text.Trim().ToLowerInvariant().Replace('_', '-'), static p => p.ToWireName(), out policy);

    private static bool TryParse<T>(string text, Func<T, string> name, out T value)
        where T : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<T>())
        {
            if (name(candidate) == text)
            {
                value = candidate;
                return true;
            }
        }

        value = default;
        return false;
    }
}
