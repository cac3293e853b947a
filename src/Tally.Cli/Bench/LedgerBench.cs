using System.Diagnostics;
using Tally.Core;
using Tally.Workloads;

namespace Tally.Cli.Bench;

/// <summary>
/// Whole-process ledger figures: fills per second and bytes allocated per fill, for a fresh ledger (cold) and
/// for one that has seen the stream before (warm), beside the dictionary-and-arithmetic baseline.
/// </summary>
public static class LedgerBench
{
    public sealed record Figure(string Name, int Fills, TimeSpan Elapsed, long AllocatedBytes)
    {
        public double FillsPerSecond => Fills / Elapsed.TotalSeconds;

        public double BytesPerFill => (double)AllocatedBytes / Fills;
    }

    // Best of a few rounds: the machine is shared, and the fastest round is the least disturbed one.
    private const int Rounds = 3;

    public static IReadOnlyList<Figure> Run(int fills, int symbols, Action<string> progress)
    {
        progress($"generating {fills} fills over {symbols} symbols");
        var stream = SyntheticFills.Generate(fills, symbols, seed: 20_250_101, endFlat: true);

        var warm = new Ledger();
        Fold(warm, stream);
        NaiveFold.AssertAgrees(warm, NaiveFold.Fold(stream));

        progress("baseline: dictionary look-up and arithmetic");
        var baseline = Best("baseline (dictionary + arithmetic)", stream, s => NaiveFold.Fold(s));
        progress("ledger, fresh");
        var cold = Best("ledger (fresh)", stream, s => Fold(new Ledger(), s));
        progress("ledger, warm");
        var hot = Best("ledger (warm)", stream, s => Fold(warm, s));
        return [baseline, cold, hot];
    }

    private static Ledger Fold(Ledger ledger, Fill[] fills)
    {
        foreach (ref readonly var fill in fills.AsSpan())
        {
            ledger.Apply(in fill);
        }

        return ledger;
    }

    private static Figure Best(string name, Fill[] fills, Func<Fill[], object> run)
    {
        Figure? best = null;
        for (var round = 0; round < Rounds; round++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var allocated = GC.GetAllocatedBytesForCurrentThread();
            var started = Stopwatch.GetTimestamp();
            GC.KeepAlive(run(fills));
            var figure = new Figure(name, fills.Length, Stopwatch.GetElapsedTime(started), GC.GetAllocatedBytesForCurrentThread() - allocated);
            if (best is null || figure.Elapsed < best.Elapsed)
            {
                best = figure;
            }
        }

        return best!;
    }
}
