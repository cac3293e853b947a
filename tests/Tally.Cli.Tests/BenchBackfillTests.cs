using System.Text.Json;

namespace Tally.Cli.Tests;

/// <summary><c>tally bench backfill</c> end to end on a small history (figures are not asserted, only their shape and the count).</summary>
public sealed class BenchBackfillTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public void A_small_back_fill_stores_every_trade_and_reports_the_ceiling()
    {
        var run = TallyRun.Of("bench", "backfill", "--trades", "2500", "--json", "--db", "sqlite:" + _dir.PathOf("bench.db"));
        Assert.True(run.ExitCode == ExitCodes.Ok, run.Stderr);
        using var json = JsonDocument.Parse(run.Stdout);
        var root = json.RootElement;
        Assert.Equal(2500, root.GetProperty("trades").GetInt32());
        Assert.Equal(8000, root.GetProperty("ceiling_trades_per_second").GetInt32()); // 2400 / 5 × 1000 / 60
        var results = root.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(["advertised limit", "limit lifted"], results.Select(r => r.GetProperty("name").GetString()));
        Assert.All(results, r =>
        {
            Assert.Equal(0, r.GetProperty("refused_429_418").GetInt32());
            Assert.True(r.GetProperty("requests").GetInt32() >= 3, "at least one page per thousand trades");
            Assert.True(r.GetProperty("trades_per_second").GetDouble() > 0);
        });

        // Scratch stores are removed: only what the test made is left.
        Assert.Empty(Directory.GetDirectories(_dir.FullName));
    }

    [Fact]
    public void Bad_bench_options_are_refused_with_one_line()
    {
        var run = TallyRun.Of("bench", "backfill", "--weight-limit", "3");
        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Equal(["--weight-limit: \"3\" is below one userTrades request (5)"], run.StderrLines);
    }

    public void Dispose() => _dir.Dispose();
}
