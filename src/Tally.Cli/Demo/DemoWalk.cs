namespace Tally.Cli.Demo;

/// <summary>
/// <c>tally demo</c>'s seeded price walk for one symbol, in whole ticks: each step moves by a random amount (about
/// <see cref="Volatility"/> of the price) plus a drift that changes every 40–120 steps (up, down or none), so trends,
/// reversals and breakouts all happen. The same seed gives the same prices.
/// </summary>
public sealed class DemoWalk
{
    /// <summary>The typical size of one step as a fraction of the price.</summary>
    public const decimal Volatility = 0.0004m;

    private readonly Random _random;
    private readonly decimal _tick;
    private decimal _drift;
    private int _regimeLeft;

    public DemoWalk(decimal start, decimal tickSize, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(start);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(tickSize);
        _random = new Random(seed);
        _tick = tickSize;
        Price = OnTick(start);
    }

    /// <summary>The last price.</summary>
    public decimal Price { get; private set; }

    /// <summary>Takes one step and returns the new price (never below ten ticks).</summary>
    public decimal Next()
    {
        if (_regimeLeft == 0)
        {
            _regimeLeft = _random.Next(40, 121);
            _drift = _random.Next(3) switch
            {
                0 => -Volatility / 3,
                1 => 0m,
                _ => Volatility / 3,
            };
        }

        _regimeLeft--;

        // The sum of four uniforms less two: roughly normal, within ±2, standard deviation ~0.58.
        var noise = (decimal)(_random.NextDouble() + _random.NextDouble() + _random.NextDouble() + _random.NextDouble() - 2.0);
        var move = Price * ((_drift + (noise * Volatility * 1.7m)));
        Price = Math.Max(OnTick(Price + move), 10 * _tick);
        return Price;
    }

    private decimal OnTick(decimal price) => Math.Round(price / _tick, MidpointRounding.ToEven) * _tick;
}
