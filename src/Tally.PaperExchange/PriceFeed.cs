namespace Tally.PaperExchange;

/// <summary>
/// A seeded random walk per symbol, in whole ticks and in <see cref="decimal"/> only: the same seed and the same
/// sequence of steps always give the same prices. The walk steps once before each fill on its symbol, so
/// successive market orders trade at different prices and realize PnL. A symbol given a price file steps through
/// its bars' closes instead (<see cref="LeanBars"/>). Owned by <see cref="PaperVenue"/>,
/// which serializes every call under its lock; not thread safe on its own.
/// </summary>
internal sealed class PriceFeed
{
    private readonly Dictionary<string, Walk> _walks = new(StringComparer.Ordinal);

    /// <param name="bars">Per symbol, the closes that replace its random walk (see <see cref="LeanBars"/>); may be empty.</param>
    public PriceFeed(int seed, IReadOnlyList<PaperSymbol> symbols, IReadOnlyDictionary<string, IReadOnlyList<decimal>> bars)
    {
        for (var i = 0; i < symbols.Count; i++)
        {
            // System.Random with an explicit seed is a stable algorithm across runs; string.GetHashCode is
            // randomized per process, so mix the symbol's position, never its name, into the seed.
            var symbolSeed = unchecked((seed * 7919) + (i * 104729));
            var walk = new Walk(symbols[i], new Random(symbolSeed)) { Bars = bars.GetValueOrDefault(symbols[i].Symbol) };
            if (walk.Bars is { } closes)
            {
                walk.Price = OnTick(walk.Symbol, closes[0]);
            }

            _walks.Add(symbols[i].Symbol, walk);
        }
    }

    /// <summary>The last price of <paramref name="symbol"/>, a multiple of its tick size.</summary>
    public decimal Current(string symbol) => _walks[symbol].Price;

    /// <summary>Moves <paramref name="symbol"/> by −n…+n ticks and returns the new price (never below ten ticks).</summary>
    public decimal Step(string symbol)
    {
        var walk = _walks[symbol];
        if (walk.Bars is { } closes)
        {
            walk.BarStep++;
            walk.Price = OnTick(walk.Symbol, closes[LeanBars.IndexAt(walk.BarStep, closes.Count)]);
            return walk.Price;
        }

        var ticks = walk.Random.Next(-walk.Symbol.MaxTicksPerStep, walk.Symbol.MaxTicksPerStep + 1);
        walk.Price = Math.Max(walk.Price + (ticks * walk.Symbol.TickSize), 10 * walk.Symbol.TickSize);
        return walk.Price;
    }

    /// <summary>Puts <paramref name="symbol"/> at <paramref name="price"/> (rounded to a tick); for scripted scenarios.</summary>
    public void Set(string symbol, decimal price)
    {
        var walk = _walks[symbol];
        walk.Price = Math.Max(Math.Round(price / walk.Symbol.TickSize, MidpointRounding.ToEven) * walk.Symbol.TickSize, walk.Symbol.TickSize);
    }

    private static decimal OnTick(PaperSymbol symbol, decimal price) =>
        Math.Max(Math.Round(price / symbol.TickSize, MidpointRounding.ToEven) * symbol.TickSize, symbol.TickSize);

    private sealed class Walk(PaperSymbol symbol, Random random)
    {
        public PaperSymbol Symbol { get; } = symbol;

        public Random Random { get; } = random;

        public decimal Price { get; set; } = symbol.StartPrice;

        /// <summary>Closes from a price file, or null for the random walk.</summary>
        public IReadOnlyList<decimal>? Bars { get; init; }

        /// <summary>Steps taken through <see cref="Bars"/>.</summary>
        public long BarStep { get; set; }
    }
}
