using System.Text.Json;

namespace Tally.Cli.Tests;

/// <summary><c>tally risk replay</c>: the risk rules over ticks and fills, exits folded back as fills.</summary>
public sealed class RiskReplayTests : IDisposable
{
    private const string FillsHeader = "ts,symbol,side,position_side,qty,price,strategy,order_id,take_profit,stop_loss,close_reason,strategy_position\n";

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    // SOL long 1 @ 100 (0.5 % trailing): 101 → stop 100.495, 102 → 101.49, 101.5 holds, 101.49 exits; then it falls.
    private string Ticks() => _dir.Write("ticks.csv",
        "ts,symbol,price,qty,side\n" +
        "2026-03-02T09:00:01Z,SOLUSDT,101,,\n" +
        "2026-03-02T09:00:02Z,SOLUSDT,102,2,BUY\n" +
        "2026-03-02T09:00:03Z,SOLUSDT,101.5,,\n" +
        "2026-03-02T09:00:04Z,SOLUSDT,101.49,1,SELL\n" +
        "2026-03-02T09:00:30Z,SOLUSDT,95,,\n" +
        "2026-03-02T09:01:00Z,SOLUSDT,90,,\n");

    private string Fills(string extra = "") => _dir.Write("fills.csv", FillsHeader +
        "2026-03-02T09:00:00Z,SOLUSDT,BUY,LONG,1,100,trend,A,,,,\n" + extra);

    private static JsonDocument Json(TallyRun run)
    {
        Assert.True(run.ExitCode == ExitCodes.Ok, $"tally exited {run.ExitCode}: {run.Stderr}");
        return JsonDocument.Parse(run.Stdout);
    }

    [Fact]
    public void A_trailing_stop_exit_is_filled_at_the_triggering_tick_and_closes_the_strategy_position()
    {
        using var json = Json(TallyRun.Of("risk", "replay", "--prices", Ticks(), "--fills", Fills(), "--json"));
        var root = json.RootElement;

        var exit = Assert.Single(root.GetProperty("exits").EnumerateArray());
        Assert.Equal(
            ("2026-03-02T09:00:04.000Z", "A", "SOLUSDT_LONG", "SELL", "1", "101.49", "trailing_stop"),
            (exit.Text("ts"), exit.Text("strategy_position_id"), exit.Text("key"), exit.Text("side"), exit.Text("qty"), exit.Text("price"), exit.Text("reason")));

        var position = Assert.Single(root.GetProperty("positions").EnumerateArray());
        Assert.Equal(("closed", "trailing_stop", "101.49", "1.49"), (position.Text("status"), position.Text("close_reason"), position.Text("exit_price"), position.Text("realized_pnl")));

        Assert.Equal(
            ["PositionOpened", "ForceExitRequired", "PositionClosed"],
            root.GetProperty("events").EnumerateArray().Select(e => e.Text("type")));
        var required = root.GetProperty("events")[1];
        Assert.Equal(("A", "SOLUSDT_LONG", "101.49", "trailing_stop"), (required.Text("strategy_position_id"), required.Text("key"), required.Text("price"), required.Text("reason")));
        Assert.Equal("trailing stop 101.49 reached at 101.49", required.Text("detail"));

        var equity = Assert.Single(root.GetProperty("equity").EnumerateArray()); // the first evaluation: SOL at 101, +1 (a negative drawdown is a gain)
        Assert.Equal(("2026-03-02T09:00:01.000Z", "10001", "-0.0001"), (equity.Text("ts"), equity.Text("equity"), equity.Text("drawdown")));

        var summary = root.GetProperty("summary");
        Assert.Equal(("10001.49", "open"), (summary.Text("wallet"), summary.Text("gate")));
        Assert.Equal(6, summary.GetProperty("ticks").GetInt32());
    }

    [Fact]
    public void A_later_fill_exiting_a_position_the_rules_closed_is_skipped_and_reported_not_folded_twice()
    {
        var fills = Fills("2026-03-02T09:00:40Z,SOLUSDT,SELL,LONG,1,94,trend,X,,,signal,A\n");

        using var json = Json(TallyRun.Of("risk", "replay", "--prices", Ticks(), "--fills", fills, "--json"));
        var root = json.RootElement;

        Assert.Single(root.GetProperty("exits").EnumerateArray());
        var adjusted = Assert.Single(root.GetProperty("adjusted_fills").EnumerateArray());
        Assert.Equal((3, "1", "0"), (adjusted.GetProperty("line").GetInt32(), adjusted.Text("exit_qty"), adjusted.Text("folded_qty")));
        Assert.Equal("10001.49", root.GetProperty("summary").Text("wallet")); // the 94 exit never happened
        Assert.Single(root.GetProperty("positions").EnumerateArray()); // and opened nothing
    }

    [Fact]
    public void An_open_position_is_shown_at_the_end_with_its_stop_and_best_price()
    {
        var ticks = _dir.Write("ticks.csv", "ts,symbol,price\n2026-03-02T09:00:01Z,SOLUSDT,110\n");

        using var json = Json(TallyRun.Of("risk", "replay", "--prices", ticks, "--fills", Fills(), "--json"));

        var position = Assert.Single(json.RootElement.GetProperty("positions").EnumerateArray());
        Assert.Equal(("open", "109.45", "110", "110", "10"), (position.Text("status"), position.Text("trailing_stop"), position.Text("best_price"), position.Text("last_price"), position.Text("unrealized_pnl")));
    }

    [Fact]
    public void Settings_from_risk_json_change_the_rules()
    {
        // 2 % trailing: 102 → stop 99.96; nothing exits until 95.
        var config = _dir.Write("risk.json", "{ \"trailing_distance_regular\": \"0.02\", \"evaluation_interval\": \"30s\" }");

        using var json = Json(TallyRun.Of("risk", "replay", "--prices", Ticks(), "--fills", Fills(), "--config", config, "--json"));

        var exit = Assert.Single(json.RootElement.GetProperty("exits").EnumerateArray());
        Assert.Equal(("95", "2026-03-02T09:00:30.000Z"), (exit.Text("price"), exit.Text("ts")));
    }

    [Fact]
    public void The_table_output_lists_exits_and_positions()
    {
        var run = TallyRun.Of("risk", "replay", "--prices", Ticks(), "--fills", Fills());

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Contains("Exits", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("trailing_stop", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("6 ticks, 1 fills, 1 exits; wallet 10001.49", run.Stdout, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Stderr);
    }

    [Theory]
    [InlineData("2026-03-02T09:00:01Z,SOLUSDT,abc,,", "ticks.csv: line 3, column price: \"abc\" is not a positive number")]
    [InlineData("yesterday,SOLUSDT,101,,", "ticks.csv: line 3, column ts: \"yesterday\" is not an ISO-8601 time or Unix milliseconds")]
    [InlineData("2026-03-02T09:00:01Z,SOLUSDT,101,1,", "ticks.csv: line 3, column side: \"\" is empty but qty is given (give both or neither)")]
    [InlineData("2026-03-02T09:00:01Z,SOLUSDT,101,1,HOLD", "ticks.csv: line 3, column side: \"HOLD\" is not BUY or SELL (the taker's side)")]
    [InlineData("2026-03-02T09:00:01Z,SOLUSDT,101,-1,BUY", "ticks.csv: line 3, column qty: \"-1\" is negative")]
    [InlineData("2026-03-02T09:00:01Z,,101,,", "ticks.csv: line 3, column symbol: \"\" is empty")]
    [InlineData("2026-03-02T09:00:01Z,SOLUSDT,1000000000000000,,", "ticks.csv: line 3, column price: \"1000000000000000\" is too large to total (at most 1E+14)")]
    public void A_bad_tick_line_is_refused_with_one_line_naming_line_field_and_value(string row, string expected)
    {
        var ticks = _dir.Write("ticks.csv", "ts,symbol,price,qty,side\n2026-03-02T09:00:00Z,SOLUSDT,100,,\n" + row + "\n");

        var run = TallyRun.Of("risk", "replay", "--prices", ticks, "--json");

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Equal([expected], run.StderrLines);
        Assert.Equal(string.Empty, run.Stdout);
    }

    [Fact]
    public void A_ticks_file_without_a_required_column_is_refused_in_one_line()
    {
        var ticks = _dir.Write("ticks.csv", "ts,price\n2026-03-02T09:00:00Z,100\n");

        var run = TallyRun.Of("risk", "replay", "--prices", ticks);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Equal(["ticks.csv: missing required column symbol (header has: ts, price)"], run.StderrLines);
    }

    [Fact]
    public void A_fill_without_a_time_is_refused_because_fills_and_ticks_fold_in_time_order()
    {
        var fills = _dir.Write("fills.csv", FillsHeader + ",SOLUSDT,BUY,LONG,1,100,trend,A,,,,\n");

        var run = TallyRun.Of("risk", "replay", "--prices", Ticks(), "--fills", fills);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Equal(["fills.csv: line 2, column ts: \"\" is empty: risk replay folds fills and ticks in time order"], run.StderrLines);
    }

    [Fact]
    public void An_exit_row_naming_no_entry_before_it_is_refused()
    {
        var fills = _dir.Write("fills.csv", FillsHeader + "2026-03-02T09:00:00Z,SOLUSDT,SELL,LONG,1,100,trend,X,,,signal,NOPE\n");

        var run = TallyRun.Of("risk", "replay", "--prices", Ticks(), "--fills", fills);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Equal(["fills.csv: line 2, column strategy_position: \"NOPE\" names no entry before it on SOLUSDT LONG (an entry's order_id, or its trade_id when it has none)"], run.StderrLines);
    }

    [Theory]
    [InlineData("{ \"trailing_distance_majr\": 0.01 }", "risk.json: field trailing_distance_majr: unknown (known: ")]
    [InlineData("{ \"trailing_distance_major\": \"abc\" }", "risk.json: field trailing_distance_major: \"abc\" is not a number")]
    [InlineData("{ \"breaker_basis\": \"noon\" }", "risk.json: field breaker_basis: \"noon\" is not day_start or peak")]
    [InlineData("{ \"scalping_max_hold\": 30 }", "risk.json: field scalping_max_hold: 30 is not a duration such as \"10s\", \"30m\" or \"24h\"")]
    [InlineData("{ \"trailing_distance_major\": 1.5 }", "risk.json: trailing_distance_major must be a fraction in (0, 1), got 1.5")]
    [InlineData("{ \"breaker_close_all\": 0.02 }", "risk.json: breaker levels must not decrease: close worst half ≤ close all ≤ halt")]
    [InlineData("[1, 2]", "risk.json: the settings must be one JSON object")]
    public void A_bad_risk_json_is_refused_with_one_line_naming_the_field(string config, string expected)
    {
        var path = _dir.Write("risk.json", config);

        var run = TallyRun.Of("risk", "replay", "--prices", Ticks(), "--config", path);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.StartsWith(expected, Assert.Single(run.StderrLines), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--balance", "-5", "--balance: \"-5\" is not a positive number")]
    [InlineData("--fee-rate", "2", "--fee-rate: \"2\" is not a fraction from 0 to 1")]
    public void Bad_options_are_refused(string option, string value, string expected)
    {
        var run = TallyRun.Of("risk", "replay", "--prices", Ticks(), option, value);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Equal([expected], run.StderrLines);
    }

    [Fact]
    public void A_fee_rate_charges_each_simulated_exit_on_its_notional()
    {
        using var json = Json(TallyRun.Of("risk", "replay", "--prices", Ticks(), "--fills", Fills(), "--fee-rate", "0.001", "--json"));

        // 101.49 × 1 × 0.001 = 0.10149; net 1.49 − 0.10149.
        var position = Assert.Single(json.RootElement.GetProperty("positions").EnumerateArray());
        Assert.Equal(("0.10149", "1.38851"), (position.Text("fees"), position.Text("net_pnl")));
    }
}
