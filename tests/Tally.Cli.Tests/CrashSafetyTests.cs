using Tally.Storage;
using Tally.Workloads;

namespace Tally.Cli.Tests;

/// <summary>
/// Kill -9 proof: a child <c>tally import</c> is killed with SIGKILL at random moments while it ingests a
/// large fill stream; after every kill, no acknowledged fill is missing, none is stored twice, and the stored
/// positions equal a replay of the log. Once more a child is killed inside a schema migration (the test-only
/// tests/Tally.MigrationHarness, which migrates the store as tally does and stops before the commit).
/// </summary>
public sealed class CrashSafetyTests : IDisposable
{
    private const int FillCount = 30_000;
    private const int Kills = 20;

    private readonly string _dir = Directory.CreateTempSubdirectory("tally-crash-").FullName;

    [Fact]
    public Task Sqlite_loses_and_duplicates_nothing_across_twenty_kills() =>
        KillRepeatedly($"sqlite:{Path.Combine(_dir, "crash.db")}", seed: 11);

    [Fact]
    public async Task Postgres_loses_and_duplicates_nothing_across_twenty_kills()
    {
        await using var database = await TestPostgres.CreateDatabaseAsync();
        await KillRepeatedly(database.Url, seed: 12);
    }

    [Fact]
    public async Task Sqlite_kill_during_migration_leaves_a_usable_database() =>
        await KillDuringMigration($"sqlite:{Path.Combine(_dir, "migrate.db")}");

    [Fact]
    public async Task Postgres_kill_during_migration_leaves_a_usable_database()
    {
        await using var database = await TestPostgres.CreateDatabaseAsync();
        await KillDuringMigration(database.Url);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task KillRepeatedly(string db, int seed)
    {
        var csv = Path.Combine(_dir, "fills.csv");
        await File.WriteAllTextAsync(csv, ReplayCsv.ToCsv(SyntheticFills.Stream(FillCount, symbols: 25, seed)));
        var random = new Random(seed);
        var acknowledged = 0; // highest line whose batch was acknowledged
        for (var kill = 0; kill < Kills; kill++)
        {
            // Kill somewhere between start-up (before anything is stored) and well into the stream.
            var after = TimeSpan.FromMilliseconds(random.Next(150, 2500));
            var run = await TallyProcess.RunAndKillAsync(after, "import", csv, "--format", "tally-csv", "--db", db, "--batch-size", random.Next(1, 400).ToString(System.Globalization.CultureInfo.InvariantCulture), "--ack");
            acknowledged = Math.Max(acknowledged, run.LastAcknowledgedLine);
            await AssertIntactAsync(db, acknowledged);
        }

        var final = await TallyProcess.RunAsync("import", csv, "--format", "tally-csv", "--db", db, "--batch-size", "500");
        Assert.Equal(0, final.ExitCode);
        await AssertIntactAsync(db, FillCount + 1);
        await using var store = await FillStores.OpenAsync(db, CancellationToken.None);
        Assert.Equal(FillCount, await store.CountFillsAsync(CancellationToken.None));
    }

    private static async Task KillDuringMigration(string db)
    {
        // The harness opens and migrates the store as tally does, and stops inside the migration transaction
        // (all migrations applied, not committed) to say so; it is SIGKILLed there.
        using var cancel = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var (_, kill) = await TallyProcess.RunUntilAsync("Tally.MigrationHarness.dll", "inside the migration transaction", cancel.Token, db);
        await kill.DisposeAsync();

        var after = await TallyProcess.RunAsync("positions", "--db", db, "--json");
        Assert.Equal(0, after.ExitCode);
        await using var store = await FillStores.OpenAsync(db, CancellationToken.None);
        Assert.Equal(((Tally.Storage.Sql.SqlFillStore)store).Migrator.LatestVersion, await store.MigrateAsync(CancellationToken.None));
        Assert.Equal(0, await store.CountFillsAsync(CancellationToken.None));
    }

    /// <summary>Every line up to <paramref name="acknowledgedLine"/> is stored once, and the positions equal a replay.</summary>
    private static async Task AssertIntactAsync(string db, int acknowledgedLine)
    {
        await using (var store = await FillStores.OpenAsync(db, CancellationToken.None))
        {
            await store.MigrateAsync(CancellationToken.None);
            // The generator numbers trade ids 1, 2, 3… across all symbols, one per line from line 2.
            var tradeIds = new HashSet<string>(StringComparer.Ordinal);
            await foreach (var stored in store.ReadFillsAsync(new FillQuery(), CancellationToken.None))
            {
                Assert.True(tradeIds.Add(stored.Fill.TradeId), $"fill {stored.Fill.TradeId} is stored twice");
            }

            for (var line = 2; line <= acknowledgedLine && line <= FillCount + 1; line++)
            {
                var tradeId = (line - 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
                Assert.True(tradeIds.Contains(tradeId), $"acknowledged fill on line {line} (trade {tradeId}) is missing");
            }
        }

        var verify = await TallyProcess.RunAsync("verify", "--db", db);
        Assert.True(verify.ExitCode == 0, $"tally verify after a kill: {verify.Output}{verify.Error}");
    }
}
