using System.Diagnostics;
using Tally.Bench;
using Tally.Core;
using Tally.Storage;
using Tally.Storage.Postgres;
using Tally.Workloads;

namespace Tally.Cli.Bench;

/// <summary>
/// Whole-process ingest figures: durable fills per second and commit latency for several batch sizes,
/// each beside the raw-insert baseline measured on the same store in the same run.
/// </summary>
public static class IngestBench
{
    public sealed record Row(
        int BatchSize,
        int Fills,
        double FillsPerSecond,
        TimeSpan P50,
        TimeSpan P99,
        double BaselineFillsPerSecond,
        TimeSpan BaselineP50,
        TimeSpan BaselineP99)
    {
        public double Ratio => BaselineFillsPerSecond == 0 ? 0 : FillsPerSecond / BaselineFillsPerSecond;
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
            progress($"batch {batchSize}: {count} fills through tally");
            var tally = await MeasureTallyAsync(db, stream, batchSize, cancellationToken);
            progress($"batch {batchSize}: {count} fills raw baseline");
            var baseline = await MeasureBaselineAsync(db, stream, batchSize, cancellationToken);
            rows.Add(new Row(
                batchSize,
                count,
                count / Sum(tally).TotalSeconds,
                Percentiles.Of(tally, 50),
                Percentiles.Of(tally, 99),
                count / Sum(baseline).TotalSeconds,
                Percentiles.Of(baseline, 50),
                Percentiles.Of(baseline, 99)));
        }

        return rows;
    }

    private static async Task<List<TimeSpan>> MeasureTallyAsync(string db, Fill[] fills, int batchSize, CancellationToken cancellationToken)
    {
        await using var scratch = await ScratchStore.CreateAsync(db, "tally_bench", cancellationToken);
        await using var log = await FillLog.OpenAsync(await scratch.OpenAsync(cancellationToken), TimeProvider.System, cancellationToken);
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
