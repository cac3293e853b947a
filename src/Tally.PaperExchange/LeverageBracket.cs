namespace Tally.PaperExchange;

/// <summary>
/// One notional tier of GET /fapi/v1/leverageBracket: up to <paramref name="NotionalCap"/> a position may use at most
/// <paramref name="InitialLeverage"/>; maintenance margin = notional · <paramref name="MaintMarginRatio"/> − <paramref name="Cum"/>.
/// </summary>
public sealed record LeverageBracket(int Bracket, int InitialLeverage, decimal NotionalCap, decimal NotionalFloor, decimal MaintMarginRatio, decimal Cum)
{
    private static readonly (int Leverage, decimal Cap, decimal Ratio)[] Tiers =
    [
        (125, 50_000m, 0.004m),
        (100, 600_000m, 0.005m),
        (75, 3_000_000m, 0.0065m),
        (50, 12_000_000m, 0.01m),
        (25, 70_000_000m, 0.02m),
        (20, 100_000_000m, 0.025m),
        (10, 230_000_000m, 0.05m),
        (5, 480_000_000m, 0.1m),
        (4, 600_000_000m, 0.125m),
        (3, 800_000_000m, 0.15m),
        (2, 1_200_000_000m, 0.25m),
        (1, 1_800_000_000m, 0.5m),
    ];

    /// <summary>
    /// Ours: one table for every symbol, shaped like Binance's tiers for majors (leverage 125 down to 1, ascending
    /// caps, floor(n+1) = cap(n), cum(n) = cum(n−1) + floor(n)·(ratio(n) − ratio(n−1))). It only answers the
    /// bracket and leverage calls; the paper margin model keeps its flat maintenance rate.
    /// </summary>
    public static IReadOnlyList<LeverageBracket> Default { get; } = Build();

    /// <summary>The largest notional a position may hold at <paramref name="leverage"/>: the cap of the last tier allowing it.</summary>
    public static decimal MaxNotional(int leverage) => Default.Last(b => b.InitialLeverage >= leverage).NotionalCap;

    private static LeverageBracket[] Build()
    {
        var brackets = new LeverageBracket[Tiers.Length];
        var floor = 0m;
        var cum = 0m;
        var previousRatio = 0m;
        for (var i = 0; i < Tiers.Length; i++)
        {
            var (leverage, cap, ratio) = Tiers[i];
            cum += floor * (ratio - previousRatio);
            brackets[i] = new LeverageBracket(i + 1, leverage, cap, floor, ratio, cum);
            floor = cap;
            previousRatio = ratio;
        }

        return brackets;
    }
}
