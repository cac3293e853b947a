namespace Tally.Core.Risk;

/// <summary>
/// The correlated-dump exit (DESIGN §5): a leader (BTC, ETH) at or below 98.5 % of its highest price of the last
/// 5 minutes takes out every long whose correlation to it is at least 0.7 (reason correlation). E.g. BTC high
/// 100,000: 98,500 = 100,000 × 0.985 has dumped, 98,501 has not.
/// </summary>
public static class CorrelatedDump
{
    public static bool LeaderDumped(decimal price, decimal highestOfLookback, decimal fraction) =>
        price <= highestOfLookback * fraction;

    public static bool LeaderDumped(decimal price, decimal highestOfLookback, RiskSettings settings) =>
        LeaderDumped(price, highestOfLookback, settings.LeaderDumpFraction);

    /// <summary>The longs to exit, in the order given: correlation ≥ threshold.</summary>
    public static IReadOnlyList<string> Exits(IEnumerable<CorrelationExposure> longs, decimal threshold) =>
        longs.Where(l => l.Correlation >= threshold).Select(l => l.StrategyPositionId).ToList();
}
