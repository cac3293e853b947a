using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using Npgsql;
using Tally.Bench;
using Tally.Core;
using Tally.Storage;
using Tally.Storage.Postgres;
using Tally.Workloads;

namespace Tally.Benchmarks;

/// <summary>
/// Durable ingest: synthetic fills committed one batch per transaction into a fresh, empty store, through
/// <see cref="FillLog.IngestAsync(IReadOnlyList{IncomingFill}, CancellationToken)"/> against
/// <see cref="RawInsertBaseline"/> (the same rows, written by the same mechanism in the same transactions
/// into a bare table with no index and no logic). The BenchmarkDotNet equivalent of <c>tally bench ingest</c>
/// (src/Tally.Cli/Bench/IngestBench.cs), with the same choices: seed 7, 1,000 symbols, a new scratch store per
/// measurement, the rows and batches built before the clock starts, the store opened and migrated before it.
/// </summary>
/// <remarks>
/// Reproduce (from the repository root; see docs/PERFORMANCE.md):
/// <c>TALLY_TEST_POSTGRES=postgres://tally:tally@127.0.0.1:55432/tally_test dotnet run -c Release --project bench/Tally.Benchmarks -- --filter '*IngestBenchmarks*'</c>.
/// The job is fixed on the class (one launch, one warm-up, five measured iterations, one invocation each), so
/// pass no <c>--job</c>. The PostgreSQL cases need the server that TALLY_TEST_POSTGRES names (default
/// <see cref="DefaultPostgres"/>) and a role allowed to CREATE DATABASE; without one they fail in setup, they
/// never skip. The SQLite file goes in a new directory under the temp path (TMPDIR), which must be on a real
/// disk for the figures to mean "durable": SQLite runs in WAL mode with synchronous=FULL.
/// <para>
/// Per-fill figures: BatchSize 1 ingests 500 fills (each its own fsync'd commit), the others 20,000, so the
/// fills per invocation depend on a parameter. OperationsPerInvoke is an attribute constant and cannot follow
/// a parameter (dotnet/BenchmarkDotNet#1832), so the benchmarks keep one operation per invocation (Mean and
/// Allocated are per invocation) and <see cref="PerFillColumn"/> adds Fills, Mean per fill, Fills/s and
/// Allocated per fill, dividing by <see cref="FillsPerInvoke"/>. Ratio compares the two methods on the same
/// fills, so it is the same per invocation and per fill.
/// </para>
/// <para>
/// RawInsert's time includes the CREATE TABLE … AS and DROP TABLE that <see cref="RawInsertBaseline.RunAsync"/>
/// runs around its batches (two more commits), which slightly favours Tally, most visibly at BatchSize 1.
/// </para>
/// </remarks>
[MemoryDiagnoser]
[BenchmarkCategory("Ingest")]
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
[Config(typeof(PerFillColumn.Config))]
public class IngestBenchmarks
{
    public const string PostgresVariable = "TALLY_TEST_POSTGRES";
    public const string DefaultPostgres = "postgres://tally:tally@127.0.0.1:55432/tally_test";

    private const int Fills = 20_000;

    // Every single-fill batch waits for its own fsync, so BatchSize 1 gets fewer fills to keep runs short.
    private const int SingleFills = 500;
    private const int Symbols = 1_000;
    private const int Seed = 7;

    private IncomingFill[][] _batches = [];
    private IReadOnlyList<NewFillRow>[] _rowBatches = [];
    private ScratchStore? _scratch;
    private IFillStore? _store;
    private FillLog? _log;
    private int _stored = -1;

    [Params("sqlite", "postgres")]
    public string Store { get; set; } = "sqlite";

    [Params(1, 100, 10_000)]
    public int BatchSize { get; set; } = 1;

    /// <summary>The fills each invocation commits for a batch size: what the per-fill columns divide by.</summary>
    public static int FillsPerInvoke(int batchSize) => batchSize == 1 ? SingleFills : Fills;

    private static string PostgresServer =>
        Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } url ? url : DefaultPostgres;

    [GlobalSetup]
    public void Setup()
    {
        if (BatchSize < 1 || BatchSize > Fills)
        {
            throw new InvalidOperationException($"BatchSize must be 1 … {Fills}, not {BatchSize}");
        }

        if (Store == "postgres")
        {
            ProbePostgres();
        }
        else if (Store != "sqlite")
        {
            throw new InvalidOperationException($"Store must be sqlite or postgres, not {Store}");
        }

        var fills = SyntheticFills.Generate(FillsPerInvoke(BatchSize), Symbols, Seed);
        _batches = [.. fills.Chunk(BatchSize).Select(chunk => chunk.Select(f => new IncomingFill(f)).ToArray())];

        // The baseline's rows as IngestBench.MeasureBaselineAsync builds them: the fill, its cash-flow deltas,
        // a constant action and no PnL (the baseline does no folding).
        var instruments = new InstrumentCatalog();
        var now = DateTimeOffset.UtcNow;
        var rows = fills.Select(f =>
        {
            var (p1, p2) = CashFlow.DeltaOf(instruments.Resolve(f.Symbol), f);
            return new NewFillRow(f, null, PositionAction.LongOpened, 0m, p1, p2, now);
        }).ToArray();
        _rowBatches = [.. rows.Chunk(BatchSize)];
        Console.WriteLine($"// {Store}, batch {BatchSize}: {fills.Length} fills in {_batches.Length} commits per invocation");
    }

    [IterationSetup(Target = nameof(RawInsert))]
    public void SetupRawInsert()
    {
        _scratch = ScratchStore.CreateAsync(Store == "postgres" ? PostgresServer : $"sqlite:{Path.Combine(Path.GetTempPath(), "tally-bdn.db")}", "tally_bdn", CancellationToken.None).GetAwaiter().GetResult();
        _store = _scratch.OpenAsync(CancellationToken.None).GetAwaiter().GetResult();
        _store.MigrateAsync(CancellationToken.None).GetAwaiter().GetResult();
    }

    [IterationSetup(Target = nameof(TallyIngest))]
    public void SetupTallyIngest() => SetupLog(attribution: true);

    [IterationSetup(Target = nameof(TallyIngestWithoutAttribution))]
    public void SetupTallyIngestWithoutAttribution() => SetupLog(attribution: false);

    private void SetupLog(bool attribution)
    {
        _scratch = ScratchStore.CreateAsync(Store == "postgres" ? PostgresServer : $"sqlite:{Path.Combine(Path.GetTempPath(), "tally-bdn.db")}", "tally_bdn", CancellationToken.None).GetAwaiter().GetResult();
        var store = _scratch.OpenAsync(CancellationToken.None).GetAwaiter().GetResult();
        _log = BenchLogs.OpenAsync(store, attribution, CancellationToken.None).GetAwaiter().GetResult();
        _stored = -1;
    }

    [IterationCleanup]
    public void Cleanup()
    {
        try
        {
            if (_log is not null)
            {
                // Every fill is new, so every one must have been stored (and the store must hold them all).
                var held = _log.CountFillsAsync(CancellationToken.None).GetAwaiter().GetResult();
                var expected = FillsPerInvoke(BatchSize);
                if (_stored >= 0 && (_stored != expected || held != expected))
                {
                    throw new InvalidOperationException($"TallyIngest stored {_stored} and the store holds {held}, expected {expected}");
                }

                _log.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }

            _store?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
        finally
        {
            _log = null;
            _store = null;
            _scratch?.DisposeAsync().AsTask().GetAwaiter().GetResult();
            _scratch = null;
        }
    }

    [Benchmark(Baseline = true)]
    public async Task<int> RawInsert()
    {
        var commits = await RawInsertBaseline.RunAsync(_store!, _rowBatches, CancellationToken.None);
        return commits.Count;
    }

    [Benchmark]
    public Task<int> TallyIngest() => IngestAllAsync();

    /// <summary>The same ingest with the attribution layer off (the bench-only switch): TallyIngest / this is the layer's cost.</summary>
    [Benchmark]
    public Task<int> TallyIngestWithoutAttribution() => IngestAllAsync();

    private async Task<int> IngestAllAsync()
    {
        var log = _log!;
        var stored = 0;
        foreach (var batch in _batches)
        {
            var report = await log.IngestAsync(batch, CancellationToken.None);
            stored += report.Statuses.Count;
        }

        _stored = stored;
        return stored;
    }

    private static void ProbePostgres()
    {
        var url = PostgresServer;
        try
        {
            using var connection = new NpgsqlConnection(PostgresUrl.ToConnectionString(url).ConnectionString);
            connection.Open();
        }
        catch (Exception e)
        {
            throw new InvalidOperationException(
                $"PostgreSQL at {PostgresUrl.Redact(url)} is unreachable ({e.Message}). Start it or point {PostgresVariable} at one " +
                "(a role with CREATEDB); the postgres cases fail rather than skip.",
                e);
        }
    }
}
