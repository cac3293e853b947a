using Tally.Storage;
using Tally.Workloads;

namespace Tally.Cli.Tests;

/// <summary>
/// Several <c>tally import</c> processes writing one store at once, on overlapping files and the same symbols:
/// every commit folds on top of what the others committed, so afterwards <c>tally verify</c> finds the positions
/// equal to a replay and the log holds the union of the files, each fill once.
/// </summary>
public sealed class ConcurrentImportTests : IDisposable
{
    private const int Processes = 3;
    private const int Trials = 20;
    private const int FillCount = 1_200;

    private readonly string _dir = Directory.CreateTempSubdirectory("tally-concurrent-").FullName;

    [Fact]
    public async Task Sqlite_imports_running_at_once_leave_positions_equal_to_the_union_replayed()
    {
        for (var trial = 0; trial < Trials; trial++)
        {
            await ImportAtOnceAsync($"sqlite:{Path.Combine(_dir, $"trial{trial}.db")}", seed: 40 + trial);
        }
    }

    [Fact]
    public async Task Postgres_imports_running_at_once_leave_positions_equal_to_the_union_replayed()
    {
        for (var trial = 0; trial < Trials; trial++)
        {
            await using var database = await TestPostgres.CreateDatabaseAsync();
            await ImportAtOnceAsync(database.Url, seed: 50 + trial);
        }
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private async Task ImportAtOnceAsync(string db, int seed)
    {
        // File k: every fill whose number is k mod 3, and every even one; together, all of them.
        var fills = SyntheticFills.Generate(FillCount, symbols: 4, seed);
        var files = new List<string>();
        for (var k = 0; k < Processes; k++)
        {
            var file = Path.Combine(_dir, $"part{seed}-{k}.csv");
            await File.WriteAllTextAsync(file, ReplayCsv.ToCsv(fills.Where((_, i) => i % Processes == k || i % 2 == 0)));
            files.Add(file);
        }

        var runs = await Task.WhenAll(files.Select(file => TallyProcess.RunAsync("import", file, "--format", "tally-csv", "--db", db, "--batch-size", "25", "--json")));

        Assert.All(runs, run => Assert.True(run.ExitCode == 0, $"import exited {run.ExitCode}: {run.Error}"));
        var verify = await TallyProcess.RunAsync("verify", "--db", db);
        Assert.True(verify.ExitCode == 0, verify.Output + verify.Error);
        Assert.Contains($"equal: {FillCount} fills replayed", verify.Output, StringComparison.Ordinal);
        await using var store = await FillStores.OpenAsync(db, CancellationToken.None);
        Assert.Equal(FillCount, await store.CountFillsAsync(CancellationToken.None));
    }
}
