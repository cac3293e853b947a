using BenchmarkDotNet.Attributes;
using Tally.Core.Signals;

namespace Tally.Benchmarks;

/// <summary>
/// One signal decision (<see cref="SignalRules.Decide"/>, DESIGN §4) against 0, 10 and 100 active signals on its
/// symbol: the rule the dispatcher runs for every signal, without the store or the venue (<c>tally bench signals</c>
/// measures those). Reproduce: <c>dotnet run -c Release --project bench/Tally.Benchmarks -- --filter '*SignalDecision*' --job short</c>.
/// </summary>
[MemoryDiagnoser]
[BenchmarkCategory("SignalDecision")]
public class SignalDecisionBenchmarks
{
    private static readonly DateTimeOffset Now = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);
    private static readonly SignalSettings Settings = new(MaxAccumulations: 1_000);
    private readonly Signal _signal = new("x", "mine", "BTCUSDT", SignalAction.Buy, 0.7m, Now, 0.001m);
    private List<Signal> _active = [];

    [Params(0, 10, 100)]
    public int Active { get; set; }

    [GlobalSetup]
    public void Setup() =>
        _active = [.. Enumerable.Range(0, Active).Select(i => new Signal($"a{i}", $"other{i}", "BTCUSDT", i % 3 == 0 ? SignalAction.Sell : SignalAction.Buy, 0.5m, Now, 0.001m))];

    [Benchmark]
    public bool Decide() => SignalRules.Decide(_signal, _active, openOnSide: 2, openForStrategy: 0, Settings, RiskGate.Open).Accepted;
}
