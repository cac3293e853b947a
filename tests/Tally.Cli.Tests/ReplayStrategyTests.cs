using System.Text.Json;

namespace Tally.Cli.Tests;

/// <summary><c>tally replay</c> with strategy columns: strategy positions, contributions, exchange positions and strategies (DESIGN.md §3).</summary>
public sealed class ReplayStrategyTests : IDisposable
{
    private const string WorkedExample =
        "ts,symbol,side,position_side,qty,price,strategy,order_id,take_profit,stop_loss,close_reason,strategy_position\n" +
        "2026-01-05T09:00:00Z,BTCUSDT,BUY,LONG,0.001,45000,A,a-1,48000,43000,,\n" +
        "2026-01-05T09:01:00Z,BTCUSDT,BUY,LONG,0.002,46000,B,b-1,49000,44000,,\n" +
        "2026-01-05T09:02:00Z,BTCUSDT,SELL,LONG,0.001,48000,A,a-tp,,,take_profit,a-1\n" +
        "2026-01-05T09:03:00Z,BTCUSDT,SELL,LONG,0.002,44000,B,b-sl,,,stop_loss,b-1\n";

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void The_worked_example_of_the_design_brief_attributes_take_profit_and_stop_loss()
    {
        var run = TallyRun.Of("replay", _dir.Write("fills.csv", WorkedExample), "--mode", "hedge", "--json");

        Assert.True(run.ExitCode == 0, run.Stderr);
        using var json = JsonDocument.Parse(run.Stdout);
        var root = json.RootElement;

        var positions = root.GetProperty("strategy_positions").EnumerateArray().ToList();
        Assert.Equal(2, positions.Count);
        var a = positions[0];
        Assert.Equal(("a-1", "A", "closed", "take_profit"), (a.Text("strategy_position_id"), a.Text("strategy_id"), a.Text("status"), a.Text("close_reason")));
        Assert.Equal(("45000", "48000", "43000", "48000", "3"), (a.Text("entry_price"), a.Text("take_profit_price"), a.Text("stop_loss_price"), a.Text("exit_price"), a.Text("realized_pnl")));
        Assert.StartsWith("6.666666", a.Text("realized_pnl_pct"), StringComparison.Ordinal);
        var b = positions[1];
        Assert.Equal(("b-1", "stop_loss", "-4", "BTCUSDT_LONG"), (b.Text("strategy_position_id"), b.Text("close_reason"), b.Text("realized_pnl"), b.Text("exchange_position_key")));
        Assert.StartsWith("-4.347826", b.Text("realized_pnl_pct"), StringComparison.Ordinal);

        var contributions = root.GetProperty("contributions").EnumerateArray().ToList();
        Assert.Equal([1, 2], contributions.Select(c => c.GetProperty("position_sequence").GetInt32()));
        Assert.Equal(["0.001", "0.002"], contributions.Select(c => c.Text("contribution_quantity")));
        Assert.Equal(["3", "-4"], contributions.Select(c => c.Text("contribution_pnl")));
        Assert.All(contributions, c => Assert.Equal("closed", c.Text("status")));

        var exchange = Assert.Single(root.GetProperty("exchange_positions").EnumerateArray());
        Assert.Equal(("BTCUSDT_LONG", "closed", "0", 2), (exchange.Text("exchange_position_key"), exchange.Text("status"), exchange.Text("current_quantity"), exchange.GetProperty("total_contributions").GetInt32()));
        Assert.Equal(["A", "B"], exchange.GetProperty("contributing_strategies").EnumerateArray().Select(s => s.GetString()));

        var strategies = root.GetProperty("strategies").EnumerateArray().ToList();
        Assert.Equal(("A", 1, 0, "3"), (strategies[0].Text("strategy_id"), strategies[0].GetProperty("tp_hits").GetInt32(), strategies[0].GetProperty("sl_hits").GetInt32(), strategies[0].Text("net_pnl")));
        Assert.Equal(("B", 0, 1, "-4"), (strategies[1].Text("strategy_id"), strategies[1].GetProperty("tp_hits").GetInt32(), strategies[1].GetProperty("sl_hits").GetInt32(), strategies[1].Text("net_pnl")));

        // the ledger's cycle: −1.00 = 2.33 − 3.33, the strategies' 3 − 4
        Assert.Equal("-1", root.GetProperty("positions")[0].Text("realized_pnl"));
    }

    [Fact]
    public void A_manual_close_is_spread_by_the_chosen_policy()
    {
        var fills = _dir.Write("fills.csv",
            "symbol,side,qty,price,strategy,order_id\n" +
            "ETHUSDT,BUY,1,3000,A,a\n" +
            "ETHUSDT,BUY,2,3300,B,b\n" +
            "ETHUSDT,SELL,1.5,3400,,\n");

        var fifo = Open(TallyRun.Of("replay", fills, "--json"));
        var proRata = Open(TallyRun.Of("replay", fills, "--json", "--attribution", "pro-rata"));

        // fifo: a closes (+400), b gives 0.5 (+50); pro-rata: a gives 0.5 (+200), b gives 1 (+100)
        Assert.Equal([("0", "400", "manual"), ("1.5", "50", "manual")], Rows(fifo));
        Assert.Equal([("0.5", "200", "manual"), ("1", "100", "manual")], Rows(proRata));

        static List<(string?, string?, string?)> Rows(JsonDocument json) =>
            [.. json.RootElement.GetProperty("strategy_positions").EnumerateArray().Select(p => (p.Text("open_quantity"), p.Text("realized_pnl"), p.Text("close_reason")))];
    }

    [Fact]
    public void An_opposite_strategy_flipping_the_key_closes_the_others_as_opposite_signal_and_keeps_its_tp_and_sl()
    {
        var fills = _dir.Write("fills.csv",
            "symbol,side,qty,price,strategy,order_id,take_profit,stop_loss\n" +
            "ETHUSDT,BUY,1,100,A,a,,\n" +
            "ETHUSDT,SELL,2,110,B,b,100,120\n");

        using var json = Open(TallyRun.Of("replay", fills, "--json"));

        var positions = json.RootElement.GetProperty("strategy_positions").EnumerateArray().ToList();
        Assert.Equal(("a", "closed", "opposite_signal", "10"), (positions[0].Text("strategy_position_id"), positions[0].Text("status"), positions[0].Text("close_reason"), positions[0].Text("realized_pnl")));
        Assert.Equal(("b", "SHORT", "1", "100", "120"), (positions[1].Text("strategy_position_id"), positions[1].Text("side"), positions[1].Text("open_quantity"), positions[1].Text("take_profit_price"), positions[1].Text("stop_loss_price")));
    }

    [Fact]
    public void An_exit_row_naming_an_unknown_strategy_position_is_one_line_and_exit_2()
    {
        var fills = _dir.Write("fills.csv",
            "symbol,side,qty,price,strategy,order_id,strategy_position\n" +
            "ETHUSDT,BUY,1,3000,A,a,\n" +
            "ETHUSDT,SELL,1,3100,A,x,zz\n");

        var run = TallyRun.Of("replay", fills, "--json");

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Equal(["line 3, column strategy_position: \"zz\" names no entry before it on ETHUSDT BOTH (an entry's order_id, or its trade_id when it has none)"], run.StderrLines);
        Assert.Equal(string.Empty, run.Stdout);
    }

    [Fact]
    public void A_bad_close_reason_or_policy_is_refused_in_one_line()
    {
        var fills = _dir.Write("fills.csv", "symbol,side,qty,price,close_reason\nETHUSDT,BUY,1,3000,bored\n");

        var badReason = TallyRun.Of("replay", fills);
        var badPolicy = TallyRun.Of("replay", fills, "--attribution", "lifo");

        Assert.Equal(ExitCodes.BadInput, badReason.ExitCode);
        Assert.StartsWith("line 2, column close_reason: \"bored\" is not a close reason", Assert.Single(badReason.StderrLines), StringComparison.Ordinal);
        Assert.Equal(["--attribution: \"lifo\" is not fifo or pro-rata"], badPolicy.StderrLines);
    }

    [Fact]
    public void Without_strategy_columns_the_json_has_no_attribution_arrays()
    {
        var run = TallyRun.Of("replay", _dir.Write("fills.csv", "symbol,side,qty,price\nETHUSDT,BUY,1,3000\n"), "--json");

        using var json = JsonDocument.Parse(run.Stdout);
        Assert.False(json.RootElement.TryGetProperty("strategy_positions", out _));
        Assert.Equal(["fills", "positions", "cycles", "totals"], json.RootElement.EnumerateObject().Select(p => p.Name));
    }

    private static JsonDocument Open(TallyRun run)
    {
        Assert.True(run.ExitCode == 0, run.Stderr);
        return JsonDocument.Parse(run.Stdout);
    }
}
