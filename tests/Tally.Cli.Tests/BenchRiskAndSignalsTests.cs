using System.Text.Json;

namespace Tally.Cli.Tests;

/// <summary>
/// <c>tally bench risk</c> and <c>tally bench signals</c> run small and print their rows and ratios. Benches are not
/// tests: no figure is asserted, only that every measured step ran and was reported.
/// </summary>
public sealed class BenchRiskAndSignalsTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_small_risk_bench_reports_the_monitor_the_naive_scan_and_one_symbol_alone_and_beside_the_others()
    {
        var run = TallyRun.Of("bench", "risk", "--positions", "200", "--symbols", "10", "--ticks", "2000", "--naive-ticks", "500", "--json");
        Assert.True(run.ExitCode == ExitCodes.Ok, run.Stderr);
        using var json = JsonDocument.Parse(run.Stdout);
        var results = json.RootElement.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(4, results.Count);
        Assert.Equal([2000, 500, 2000, 2000], results.Select(r => r.GetProperty("ticks").GetInt32()));
        Assert.Equal([200, 200, 20, 20], results.Select(r => r.GetProperty("positions_on_ticked_symbols").GetInt32()));
        Assert.All(results, r => Assert.True(r.GetProperty("ticks_per_second").GetDouble() > 0));
        Assert.True(json.RootElement.GetProperty("beside_others_over_alone_p50").GetDouble() > 0);

        var table = TallyRun.Of("bench", "risk", "--positions", "20", "--symbols", "2", "--ticks", "100", "--naive-ticks", "10", "--quiet");
        Assert.True(table.ExitCode == ExitCodes.Ok, table.Stderr);
        Assert.Contains("naive scan / monitor", table.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_small_signals_bench_reports_the_rules_the_dispatcher_and_the_http_path_beside_a_bare_order_round_trip()
    {
        var run = TallyRun.Of("bench", "signals", "--decisions", "1000", "--signals", "5", "--json", "--db", "sqlite:" + _dir.PathOf("bench.db"));
        Assert.True(run.ExitCode == ExitCodes.Ok, run.Stderr);
        using var json = JsonDocument.Parse(run.Stdout);
        var results = json.RootElement.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal([1000, 5, 5, 5, 5], results.Select(r => r.GetProperty("operations").GetInt32()));
        Assert.All(results, r => Assert.True(r.GetProperty("per_second").GetDouble() > 0));
        Assert.True(json.RootElement.GetProperty("to_wire_over_bare_p50").GetDouble() > 0);
        Assert.True(json.RootElement.TryGetProperty("added_p99_ms", out _));
        var spans = json.RootElement.GetProperty("spans").EnumerateArray().Select(s => (Run: s.GetProperty("run").GetString(), Name: s.GetProperty("name").GetString())).ToList();
        Assert.Contains(("end to end", "decision reads (store)"), spans);
        Assert.Contains(("end to end", "signal + intent commit"), spans);
        Assert.Contains(("end to end", "API hop (POST → dispatcher)"), spans);
        Assert.Empty(Directory.GetDirectories(_dir.FullName)); // scratch stores removed
    }

    [Fact]
    public void Bad_risk_and_signals_bench_options_are_refused_with_one_line()
    {
        Assert.Equal(ExitCodes.BadInput, TallyRun.Of("bench", "risk", "--symbols", "1").ExitCode);
        var signals = TallyRun.Of("bench", "signals", "--signals", "0");
        Assert.Equal(ExitCodes.BadInput, signals.ExitCode);
        Assert.Single(signals.StderrLines);
    }
}
