using BenchmarkDotNet.Attributes;
using Tally.Core;
using Tally.Workloads;

namespace Tally.Benchmarks;

/// <summary>
/// Folding a million synthetic fills over 1,000 symbols: the <see cref="Ledger"/> against a hand-written
/// dictionary-and-arithmetic fold. Every benchmark declares OperationsPerInvoke = one per fill, so Mean and
/// Allocated in the table are per fill.
/// </summary>
/// <remarks>
/// Reproduce (from the repository root; see docs/PERFORMANCE.md):
/// <c>dotnet run -c Release --project bench/Tally.Benchmarks -- --filter '*LedgerFold*' --job short</c>.
/// The stream ends flat (<see cref="SyntheticFills.Generate"/> with endFlat), so folding it again into the
/// warm ledger starts every key flat and repeats exactly the same opens, adds, reduces, closes and flips.
/// </remarks>
[MemoryDiagnoser]
[BenchmarkCategory("LedgerFold")]
public class LedgerFoldBenchmarks
{
    // OperationsPerInvoke is an attribute argument and so a constant; Setup refuses any other FillCount
    // rather than report per-fill figures divided by the wrong count.
    private const int MillionFills = 1_000_000;
    private const int Symbols = 1_000;
    private const int Seed = 20_250_101;

    private Fill[] _fills = [];
    private Ledger _warm = new();

    [Params(MillionFills)]
    public int FillCount { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        if (FillCount != MillionFills)
        {
            throw new InvalidOperationException($"FillCount must be {MillionFills}, the constant OperationsPerInvoke divides by; change both together");
        }

        _fills = SyntheticFills.Generate(FillCount, Symbols, Seed, endFlat: true);

        // Warm the ledger with one full pass: every key exists, every list has grown to what the stream needs.
        _warm = new Ledger();
        var mix = new int[Enum.GetValues<PositionAction>().Length];
        foreach (ref readonly var fill in _fills.AsSpan())
        {
            mix[(int)_warm.Apply(in fill).Action]++;
        }

        Console.WriteLine($"// Fill mix: {string.Join(", ", Enum.GetValues<PositionAction>().Select(a => $"{a.ToWireName()} {mix[(int)a]}"))}");
        NaiveFold.AssertAgrees(_warm, NaiveFold.Fold(_fills));
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = MillionFills)]
    public Dictionary<PositionKey, NaivePosition> DictionaryAndArithmetic() => NaiveFold.Fold(_fills);

    [Benchmark(OperationsPerInvoke = MillionFills)]
    public Ledger LedgerFold()
    {
        var ledger = new Ledger();
        foreach (ref readonly var fill in _fills.AsSpan())
        {
            ledger.Apply(in fill);
        }

        return ledger;
    }

    /// <summary>Folds the stream into a ledger that has already seen it once: the steady state.</summary>
    [Benchmark(OperationsPerInvoke = MillionFills)]
    public Ledger LedgerFoldWarm()
    {
        var ledger = _warm;
        foreach (ref readonly var fill in _fills.AsSpan())
        {
            ledger.Apply(in fill);
        }

        return ledger;
    }
}
