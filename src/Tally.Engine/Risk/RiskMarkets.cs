using Tally.Core.Attribution;

namespace Tally.Engine.Risk;

/// <summary>
/// The market keys the live monitor watches positions on (<see cref="Core.Risk.RiskMonitor"/>'s <c>market</c>): a USD-M
/// position on its symbol (<c>BTCUSDT</c>), a spot position on <c>spot:</c> + symbol (<c>spot:BTCUSDT</c>), so the two
/// venues' prices of one symbol never mix.
/// </summary>
public static class RiskMarkets
{
    public const string SpotPrefix = "spot:";

    /// <summary>The key of a spot symbol's market.</summary>
    public static string Spot(string symbol) => SpotPrefix + symbol;

    public static bool IsSpot(string market) => market.StartsWith(SpotPrefix, StringComparison.Ordinal);

    /// <summary>The exchange symbol of a market key.</summary>
    public static string SymbolOf(string market) => IsSpot(market) ? market[SpotPrefix.Length..] : market;

    /// <summary>The market function for <see cref="Core.Risk.RiskMonitor"/>: positions of the spot accounts on their spot market.</summary>
    public static Func<StrategyPosition, string> For(IReadOnlySet<(string Venue, string Account)> spotAccounts) =>
        p => spotAccounts.Contains((p.Venue, p.Account)) ? Spot(p.Symbol) : p.Symbol;
}
