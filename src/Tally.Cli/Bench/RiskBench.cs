using System.Diagnostics;
using System.Globalization;
using Tally.Core;
using Tally.Core.Attribution;
using Tally.Core.Risk;

namespace Tally.Cli.Bench;

/// <summary>
/// Per-tick cost of the risk monitor (<see cref="RiskMonitor.OnTick"/> through <see cref="RiskSimulation"/>, as
/// <c>tally risk replay</c> runs it), all in one run:
/// <list type="number">
/// <item>the monitor over every open position, ticks spread over every symbol;</item>
/// <item>the naive baseline: the same trailing stops in one list, every position scanned on every tick;</item>
/// <item>the positions of one symbol alone, ticks on that symbol only;</item>
/// <item>the same positions of that symbol beside all the others, ticks on that symbol only — its time per tick
/// over (3)'s says whether a tick's cost depends on positions on other symbols (it should be ≈ 1).</item>
/// </list>
/// Prices wander ±0.1 % around 100 (trailing stops 0.5 % away): ticks ratchet stops but trigger none, the steady state.
/// Ticks are 1 ms of tick time apart, so 1,000,000 ticks span 1,000 s and cross 100 portfolio evaluations (10-s
/// boundaries). A throwaway monitor is ticked first so every run measures optimized code.
/// </summary>
public static class RiskBench
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

    /// <param name="PositionsOnTicked">Open positions on the symbols the ticks go to (all of them in the first two rows).</param>
    /// <param name="P50Ns">Median time of one tick in nanoseconds (from the raw timestamps: finer than a TimeSpan's 100 ns).</param>
    public sealed record Row(string Name, int Positions, int Symbols, int PositionsOnTicked, long Ticks, TimeSpan Elapsed, double P50Ns, double P99Ns)
    {
        public double TicksPerSecond => Ticks / Elapsed.TotalSeconds;

        public double NanosecondsPerTick => Elapsed.TotalNanoseconds / Ticks;
    }

    /// <param name="naiveTicks">Ticks for the naive baseline (it costs O(positions) per tick, so fewer).</param>
    public static IReadOnlyList<Row> Run(int positions, int symbols, int ticks, int naiveTicks, Action<string> progress)
    {
        var names = Enumerable.Range(0, symbols).Select(i => string.Create(CultureInfo.InvariantCulture, $"S{i:D4}USDT")).ToArray();
        var perSymbol = Count(positions, symbols, 0);
        var rows = new List<Row>();

        // Without it the first run measures the JIT's first tiers too (under load the optimized code can take
        // seconds to arrive): tick a throwaway monitor with two positions a symbol through the same code first.
        var warmTicks = Math.Min(ticks, 300_000);
        progress($"warm-up: {warmTicks:N0} ticks on a throwaway monitor");
        var warm = Open(Math.Min(positions, symbols * 2), names);
        foreach (var tick in Ticks(names, warmTicks, seed: 3))
        {
            warm.OnTick(tick);
        }

        progress($"monitor: opening {positions:N0} positions on {symbols:N0} symbols");
        var all = Open(positions, names);
        progress($"monitor: {ticks:N0} ticks over every symbol");
        rows.Add(Measure("monitor, ticks on every symbol", all, positions, symbols, positions, Ticks(names, ticks, seed: 1)));

        progress($"naive scan: {naiveTicks:N0} ticks");
        rows.Add(MeasureNaive(positions, names, Ticks(names, naiveTicks, seed: 1)));

        var ticked = names[0];
        progress($"one symbol alone: {perSymbol:N0} positions");
        var alone = Open(perSymbol, [ticked]);
        rows.Add(Measure("one symbol's positions alone", alone, perSymbol, 1, perSymbol, Ticks([ticked], ticks, seed: 2)));

        progress("the same symbol beside all the others");
        var beside = Open(positions, names);
        rows.Add(Measure("same symbol beside all others", beside, positions, symbols, Count(positions, symbols, 0), Ticks([ticked], ticks, seed: 2)));
        return rows;
    }

    /// <summary>
    /// Positions i = 0…count−1 on symbol i mod symbols, alternately long and short within each symbol (hedge keys), each
    /// its own strategy position: the first symbol holds the same positions whether it is alone or beside the others.
    /// </summary>
    private static RiskSimulation Open(int count, string[] names)
    {
        var sim = new RiskSimulation(new RiskSettings(), new InstrumentCatalog(), 1_000_000m, T0);
        for (var i = 0; i < count; i++)
        {
            var id = string.Create(CultureInfo.InvariantCulture, $"p{i}");
            var (side, positionSide) = i / names.Length % 2 == 0 ? (Side.Buy, PositionSide.Long) : (Side.Sell, PositionSide.Short);
            var fill = new Fill("bench", "bench", names[i % names.Length], side, positionSide, 1m, 100m, 0m, null, id, T0, id, id, $"s{i % 7}");
            sim.ApplyFill(fill, new OrderPurpose.Entry($"s{i % 7}", id));
        }

        return sim;
    }

    private static int Count(int positions, int symbols, int symbol) => (positions / symbols) + (symbol < positions % symbols ? 1 : 0);

    /// <summary>Ticks 1 ms apart, round-robin over <paramref name="names"/>, prices within ±0.1 % of 100.</summary>
    private static RiskTick[] Ticks(string[] names, int count, int seed)
    {
        var random = new Random(seed);
        var ticks = new RiskTick[count];
        for (var i = 0; i < count; i++)
        {
            ticks[i] = new RiskTick(T0.AddMilliseconds(i + 1), names[i % names.Length], 100m + (random.Next(-10, 11) / 100m));
        }

        return ticks;
    }

    private static Row Measure(string name, RiskSimulation sim, int positions, int symbols, int onTicked, RiskTick[] ticks)
    {
        if (sim.Monitor.OpenCount != positions)
        {
            throw new InvalidOperationException($"{name}: {sim.Monitor.OpenCount} of {positions} positions tracked");
        }

        var samples = new long[ticks.Length];
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < ticks.Length; i++)
        {
            var start = Stopwatch.GetTimestamp();
            sim.OnTick(ticks[i]);
            samples[i] = Stopwatch.GetTimestamp() - start;
        }

        clock.Stop();
        if (sim.Exits.Count != 0)
        {
            throw new InvalidOperationException($"{name}: {sim.Exits.Count} exits; the bench's prices should trigger none");
        }

        return Summarize(name, positions, symbols, onTicked, clock.Elapsed, samples);
    }

    /// <summary>The baseline: one list of trailing stops, every one looked at on every tick, those of the tick's symbol folded.</summary>
    private static Row MeasureNaive(int positions, string[] names, RiskTick[] ticks)
    {
        var settings = new RiskSettings();
        var stops = new (string Symbol, TrailingStop Stop)[positions];
        for (var i = 0; i < positions; i++)
        {
            stops[i] = (names[i % names.Length], TrailingStop.Open(i / names.Length % 2 == 0 ? ExposureSide.Long : ExposureSide.Short, 100m, settings.TrailingDistanceRegular));
        }

        var samples = new long[ticks.Length];
        var triggered = 0;
        var clock = Stopwatch.StartNew();
        for (var t = 0; t < ticks.Length; t++)
        {
            var start = Stopwatch.GetTimestamp();
            var tick = ticks[t];
            for (var i = 0; i < stops.Length; i++)
            {
                if (string.Equals(stops[i].Symbol, tick.Symbol, StringComparison.Ordinal))
                {
                    var (next, hit) = stops[i].Stop.OnTick(tick.Price);
                    stops[i].Stop = next;
                    triggered += hit ? 1 : 0;
                }
            }

            samples[t] = Stopwatch.GetTimestamp() - start;
        }

        clock.Stop();
        if (triggered != 0)
        {
            throw new InvalidOperationException($"naive scan: {triggered} stops triggered; the bench's prices should trigger none");
        }

        return Summarize("naive scan of every position", positions, names.Length, positions, clock.Elapsed, samples);
    }

    private static Row Summarize(string name, int positions, int symbols, int onTicked, TimeSpan elapsed, long[] samples)
    {
        Array.Sort(samples);
        double At(double percentile) => samples[Math.Clamp((int)Math.Ceiling(percentile / 100.0 * samples.Length) - 1, 0, samples.Length - 1)] * 1e9 / Stopwatch.Frequency;
        return new Row(name, positions, symbols, onTicked, samples.Length, elapsed, At(50), At(99));
    }
}
