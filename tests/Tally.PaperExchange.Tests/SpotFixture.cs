using Tally.PaperExchange.Spot;

namespace Tally.PaperExchange.Tests;

/// <summary>
/// A paper exchange whose spot side has one pair with a still price (TSTUSDT at 100.00, the walk moving 0 ticks),
/// so fees and balances can be computed by hand; plus the default pairs' walk for BTCUSDT.
/// </summary>
internal static class SpotFixture
{
    public static readonly PaperSymbol Still = new("TSTUSDT", "TST", "USDT", 0.01m, 0.001m, 1000m, 5m, 100.00m, 0);

    public static Task<ExchangeFixture> StartAsync(Action<SpotOptions>? configure = null) => ExchangeFixture.StartAsync(o =>
    {
        o.Spot = new SpotOptions
        {
            Symbols = [Still, SpotOptions.DefaultSymbols[0]],
            InitialBalances = new Dictionary<string, decimal>(StringComparer.Ordinal) { ["USDT"] = 1000m, ["TST"] = 10m, ["BTC"] = 1m },
        };
        configure?.Invoke(o.Spot);
    });
}
