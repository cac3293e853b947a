using BenchmarkDotNet.Attributes;
using Tally.Core;
using Tally.Core.Attribution;
using Tally.Core.Risk;

namespace Tally.Benchmarks;

/// <summary>
/// One risk-monitor tick (<see cref="RiskMonitor.OnTick"/>) on a symbol holding 20 open strategy positions, with
/// the same 20 alone (Symbols = 1) or beside 20 on each of 99 or 499 other symbols: the per-symbol stop books
/// should make the three equal. Prices stay within ±0.1 % of 100 (stops 0.5 % away): no exit triggers.
/// Reproduce: <c>dotnet run -c Release --project bench/Tally.Benchmarks -- --filter '*RiskTick*' --job short</c>.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory("RiskTick")]
public class RiskTickBenchmarks
{
    private const int PerSymbol = 20;
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);
    private readonly RiskOutput _output = new();
    private RiskMonitor _monitor = null!;
    private decimal[] _prices = [];
    private int _next;
    private DateTimeOffset _at;

    [Params(1, 100, 500)]
    public int Symbols { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var sim = new RiskSimulation(new RiskSettings(), new InstrumentCatalog(), 1_000_000m, T0);
        for (var i = 0; i < PerSymbol * Symbols; i++)
        {
            var id = $"p{i}";
            var (side, positionSide) = i / Symbols % 2 == 0 ? (Side.Buy, PositionSide.Long) : (Side.Sell, PositionSide.Short);
            sim.ApplyFill(new Fill("bench", "bench", $"S{i % Symbols:D4}USDT", side, positionSide, 1m, 100m, 0m, null, id, T0, id, id, "s"), new OrderPurpose.Entry("s", id));
        }

        _monitor = sim.Monitor;
        var random = new Random(7);
        _prices = [.. Enumerable.Range(0, 4096).Select(_ => 100m + (random.Next(-10, 11) / 100m))];
        _at = T0;
    }

    [Benchmark]
    public int Tick()
    {
        _at = _at.AddMilliseconds(1);
        _output.Clear();
        _monitor.OnTick(new RiskTick(_at, "S0000USDT", _prices[_next++ & 4095]), _output);
        return _output.Exits.Count;
    }
}
