using System.Text.Json;

namespace Tally.Cli.Tests;

/// <summary><c>tally signals replay</c>: the offline contract of DESIGN.md §4's decisions.</summary>
public sealed class SignalsReplayTests : IDisposable
{
    private const string Header = "ts,signal_id,strategy_id,symbol,action,confidence,quantity\n";

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void One_way_an_opposite_signal_wins_on_confidence_and_a_weaker_one_is_rejected_naming_it()
    {
        var signals = _dir.Write("signals.csv", Header +
            "2026-01-05T09:00:00Z,s1,A,BTCUSDT,buy,0.6,\n" +
            "2026-01-05T09:00:10Z,s2,B,BTCUSDT,sell,0.8,\n" +
            "2026-01-05T09:00:20Z,s3,C,BTCUSDT,buy,0.8,\n" +
            "2026-01-05T09:00:30Z,s2,B,BTCUSDT,sell,0.8,\n" +
            "2026-01-05T09:00:40Z,c1,A,BTCUSDT,close,1,\n");

        var decisions = Decisions(TallyRun.Of("signals", "replay", signals, "--json"));

        Assert.Equal(
            [
                (2, "s1", "accepted", null),
                (3, "s2", "accepted", "s1"),
                (4, "s3", "rejected", "s2"),
                (5, "s2", "accepted", "s1"),      // a repeated id gets its first decision
                (6, "c1", "rejected", null),      // s2 closed A's long: nothing to close
            ],
            decisions.Select(d => (d.Line, d.SignalId, d.Decision, d.ConflictsWith)));
        Assert.Equal("not stronger than active opposite signal s2 (0.8)", decisions[2].Reason);
        Assert.Equal("nothing to close", decisions[4].Reason);
        Assert.All(decisions, d => Assert.False(string.IsNullOrEmpty(d.Reason)));
    }

    [Fact]
    public void Hedge_mode_with_aware_conflicts_lets_opposite_sides_coexist_until_max_accumulations()
    {
        var signals = _dir.Write("signals.csv", Header +
            "1767603600000,l1,A,BTCUSDT,buy,0.5,\n" +
            "1767603601000,x1,B,BTCUSDT,sell,0.9,\n" +
            "1767603602000,l2,B,BTCUSDT,buy,0.1,\n" +
            "1767603603000,l3,C,BTCUSDT,buy,0.1,\n");

        var decisions = Decisions(TallyRun.Of("signals", "replay", signals, "--mode", "hedge", "--max-accumulations", "2", "--json"));

        Assert.Equal(["accepted", "accepted", "accepted", "rejected"], decisions.Select(d => d.Decision));
        Assert.Equal("MAX_ACCUMULATIONS reached: 2 open LONG positions (max 2)", decisions[3].Reason);
    }

    [Fact]
    public void Strongest_wins_with_a_short_window_forgets_old_signals()
    {
        var signals = _dir.Write("signals.csv", Header +
            "2026-01-05T09:00:00Z,a,A,ETHUSDT,buy,0.9,\n" +
            "2026-01-05T09:00:30Z,b,B,ETHUSDT,buy,0.5,\n" +
            "2026-01-05T09:01:00Z,c,C,ETHUSDT,buy,0.5,\n");

        var decisions = Decisions(TallyRun.Of("signals", "replay", signals, "--same-direction", "strongest_wins", "--window", "1m", "--json"));

        Assert.Equal(["accepted", "rejected", "accepted"], decisions.Select(d => d.Decision));
    }

    [Theory]
    [InlineData("--mode", "netted", "--mode: \"netted\" is not one-way or hedge")]
    [InlineData("--aware", "maybe", "--aware: \"maybe\" is not true or false")]
    [InlineData("--same-direction", "merge", "--same-direction: \"merge\" is not accumulate, strongest_wins or reject_duplicates")]
    [InlineData("--min-confidence", "2", "--min-confidence: \"2\" is not a number from 0 to 1")]
    [InlineData("--window", "5 minutes", "--window: \"5 minutes\" is not a duration such as 300s, 5m, 1h or 250ms")]
    [InlineData("--max-accumulations", "0", "--max-accumulations: \"0\" is not a positive whole number")]
    public void A_bad_option_is_one_line_and_exit_2(string option, string value, string message)
    {
        var signals = _dir.Write("signals.csv", Header + "2026-01-05T09:00:00Z,a,A,ETHUSDT,buy,0.9,\n");

        var run = TallyRun.Of("signals", "replay", signals, option, value);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Equal([message], run.StderrLines);
        Assert.Equal(string.Empty, run.Stdout);
    }

    [Fact]
    public void A_bad_row_names_its_line_column_and_value_and_nothing_is_printed()
    {
        var signals = _dir.Write("signals.csv", Header +
            "2026-01-05T09:00:00Z,a,A,ETHUSDT,buy,0.9,\n" +
            "2026-01-05T09:00:01Z,b,A,ETHUSDT,hold,0.9,\n" +
            "2026-01-05T09:00:02Z,c,A,ETHUSDT,buy,1.5,\n");

        var run = TallyRun.Of("signals", "replay", signals, "--json");

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Equal(
            ["line 3, column action: \"hold\" is not buy, sell or close", "line 4, column confidence: \"1.5\" is not a number from 0 to 1"],
            run.StderrLines);
        Assert.Equal(string.Empty, run.Stdout);
    }

    private static List<(int Line, string SignalId, string Decision, string Reason, string? ConflictsWith)> Decisions(TallyRun run)
    {
        Assert.True(run.ExitCode == 0, run.Stderr);
        using var document = JsonDocument.Parse(run.Stdout);
        return [.. document.RootElement.GetProperty("decisions").EnumerateArray().Select(d => (
            d.GetProperty("line").GetInt32(),
            d.GetProperty("signal_id").GetString()!,
            d.GetProperty("decision").GetString()!,
            d.GetProperty("reason").GetString()!,
            d.GetProperty("conflicts_with").GetString()))];
    }
}
