using System.Diagnostics;
using Tally.Bench;
using Tally.Core;
using Tally.Storage;
using Tally.Storage.Postgres;
using Tally.Workloads;

namespace Tally.Cli.Bench;

/// <summary>
/// Whole-process ingest figures: durable fills per second and commit latency for several batch sizes, with and
/// without the attribution layer, each beside the raw-insert baseline measured on the same store in the same run.
/// </summary>
public static class IngestBench
{
    /// <summary>
    /// One batch size: Tally with the attribution layer (as <c>tally run</c> writes), Tally without it (the ledger
    /// alone; the bench's own switch) and the raw baseline, all in this run.
    /// </summary>
    public sealed record Row(
        int BatchSize,
        int Fills,
        double FillsPerSecond,
        TimeSpan P50,
        TimeSpan P99,
        double BaselineFillsPerSecond,
        TimeSpan BaselineP50,
        TimeSpan BaselineP99,
        double NoAttributionFillsPerSecond,
        TimeSpan NoAttributionP50,
        TimeSpan NoAttributionP99)
    {
        public double Ratio => BaselineFillsPerSecond == 0 ? 0 : FillsPerSecond / BaselineFillsPerSecond;

        /// <summary>Time with the attribution layer over time without it (aim: ≤ 1.3).</summary>
        public double AttributionCost => FillsPerSecond == 0 ? 0 : NoAttributionFillsPerSecond / FillsPerSecond;
    }

    // Single-fill batches each wait for an fsync, so they get fewer fills to keep the run short.
    private const int SingleFillBatches = 2_000;

    /// <param name="db">sqlite:… (a scratch file is used beside it) or postgres://… (a scratch database is created).</param>
    public static async Task<IReadOnlyList<Row>> RunAsync(string db, int fills, IReadOnlyList<int> batchSizes, Action<string> progress, CancellationToken cancellationToken)
    {
        var rows = new List<Row>();
        foreach (var batchSize in batchSizes)
        {
            var count = batchSize == 1 ? Math.Min(fills, SingleFillBatches) : Math.Max(fills, batchSize);
            var stream = SyntheticFills.Generate(count, symbols: 1000, seed: 7);
            // With and without attribution in the order off, on, on, off, so a machine getting busier or quieter
            // during the run (and the first run's warm-up) weighs on both alike; each run on a fresh store.
            var tally = new List<TimeSpan>();
            var bare = new List<TimeSpan>();
            foreach (var attribution in new[] { false, true, true, false })
            {
                progress($"batch {batchSize}: {count} fills through tally {(attribution ? "with" : "without")} attribution");
                (attribution ? tally : bare).AddRange(await MeasureTallyAsync(db, stream, batchSize, attribution, cancellationToken));
            }

            progress($"batch {batchSize}: {count} fills raw baseline");
            var baseline = await MeasureBaselineAsync(db, stream, batchSize, cancellationToken);
            rows.Add(new Row(
                batchSize,
                count,
                2 * count / Sum(tally).TotalSeconds,
                Percentiles.Of(tally, 50),
                Percentiles.Of(tally, 99),
                count / Sum(baseline).TotalSeconds,
                Percentiles.Of(baseline, 50),
                Percentiles.Of(baseline, 99),
                2 * count / Sum(bare).TotalSeconds,
                Percentiles.Of(bare, 50),
                Percentiles.Of(bare, 99)));
        }

        return rows;
    }

    private static async Task<List<TimeSpan>> MeasureTallyAsync(string db, Fill[] fills, int batchSize, bool attribution, CancellationToken cancellationToken)
    {
        await using var scratch = await ScratchStore.CreateAsync(db, "tally_bench", cancellationToken);
        await using var log = await BenchLogs.OpenAsync(await scratch.OpenAsync(cancellationToken), attribution, cancellationToken);
        var latencies = new List<TimeSpan>();
        foreach (var chunk in fills.Chunk(batchSize))
        {
            var batch = chunk.Select(f => new IncomingFill(f)).ToArray();
            var started = Stopwatch.GetTimestamp();
            await log.IngestAsync(batch, cancellationToken);
            latencies.Add(Stopwatch.GetElapsedTime(started));
        }

        return latencies;
    }

    private static async Task<IReadOnlyList<TimeSpan>> MeasureBaselineAsync(string db, Fill[] fills, int batchSize, CancellationToken cancellationToken)
    {
        await using var scratch = await ScratchStore.CreateAsync(db, "tally_bench", cancellationToken);
        await using var store = await scratch.OpenAsync(cancellationToken);
        await store.MigrateAsync(cancellationToken);
        var instruments = new InstrumentCatalog();
        var now = DateTimeOffset.UtcNow;
        var rows = fills.Select(f =>
        {
            var (p1, p2) = CashFlow.DeltaOf(instruments.Resolve(f.Symbol), f);
            return new NewFillRow(f, null, PositionAction.LongOpened, 0m, p1, p2, now);
        }).ToArray();
        return await RawInsertBaseline.RunAsync(store, [.. rows.Chunk(batchSize)], cancellationToken);
    }

    private static TimeSpan Sum(IEnumerable<TimeSpan> spans) => spans.Aggregate(TimeSpan.Zero, (a, b) => a + b);
}
