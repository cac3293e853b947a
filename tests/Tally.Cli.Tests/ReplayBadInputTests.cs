namespace Tally.Cli.Tests;

/// <summary>
/// Bad input fails the run with exit code 2, one line per problem on stderr and nothing on stdout, unless
/// <c>--skip-invalid</c> asks for the good rows to be folded anyway.
/// </summary>
public sealed class ReplayBadInputTests : IDisposable
{
    private const string FiveGoodRows =
        "symbol,side,qty,price\n" +
        "ETHUSDT,BUY,1,3000\n" +
        "ETHUSDT,BUY,1,3000\n" +
        "ETHUSDT,SELL,1,3100\n" +
        "BTCUSDT,BUY,0.1,96000\n" +
        "BTCUSDT,SELL,0.1,97000\n";

    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("--json")]
    [InlineData("--mode=one-way")]
    public void A_bad_row_fails_the_run_with_exit_2_one_exact_stderr_line_and_nothing_on_stdout(string option)
    {
        var fills = _dir.Write("fills.csv", FiveGoodRows + "ETHUSDT,SELL,-1,3100\n");

        var run = TallyRun.Of("replay", fills, option);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Equal("line 7, column qty: \"-1\" is not a positive number\n", run.Stderr);
        Assert.Equal(string.Empty, run.Stdout);
    }

    [Fact]
    public void Every_bad_row_gets_one_stderr_line_in_file_order()
    {
        var fills = _dir.Write("fills.csv",
            "symbol,side,qty,price,ts\n" +
            "ETHUSDT,HOLD,1,3000,\n" +
            "ETHUSDT,BUY,1,3000,\n" +
            "\n" +
            "ETHUSDT,BUY,1,0,\n" +
            "ETHUSDT,BUY,1,3000,soon\n");

        var run = TallyRun.Of("replay", fills, "--json");

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Equal(
            [
                "line 2, column side: \"HOLD\" is not BUY or SELL",
                "line 5, column price: \"0\" is not a positive number",
                "line 6, column ts: \"soon\" is not an ISO-8601 time or Unix milliseconds",
            ],
            run.StderrLines);
        Assert.Equal(string.Empty, run.Stdout);
    }

    [Fact]
    public void A_repeated_trade_id_fails_the_run()
    {
        var fills = _dir.Write("fills.csv", "symbol,side,qty,price,trade_id\nETHUSDT,BUY,1,3000,42\nETHUSDT,BUY,1,3000,42\n");

        var run = TallyRun.Of("replay", fills, "--json");

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Equal(["line 3, column trade_id: \"42\" repeats line 2 for the same venue, account and symbol"], run.StderrLines);
        Assert.Equal(string.Empty, run.Stdout);
    }

    [Fact]
    public void Skip_invalid_folds_the_good_rows_lists_the_bad_ones_and_exits_0()
    {
        var fills = _dir.Write("fills.csv",
            "symbol,side,qty,price\n" +
            "ETHUSDT,BUY,1,3000\n" +
            "ETHUSDT,SELL,-1,3100\n" +
            "ETHUSDT,SELL,1,3100\n" +
            "BTCUSDT,BUY,abc,96000\n");

        var run = TallyRun.Of("replay", fills, "--json", "--skip-invalid");
        using var json = run.Json();

        Assert.Contains("line 3, column qty: \"-1\" is not a positive number", run.StderrLines);
        Assert.Contains("line 5, column qty: \"abc\" is not a positive number", run.StderrLines);
        Assert.Equal([2, 4], json.Fills.Select(f => f.GetProperty("line").GetInt32()));
        Assert.Equal(["ETHUSDT"], json.Positions.Select(p => p.Text("symbol")));
        Assert.Equal("100", json.Position("ETHUSDT").Text("realized_pnl"));
    }

    [Fact]
    public void Skip_invalid_with_only_good_rows_prints_nothing_on_stderr()
    {
        var fills = _dir.Write("fills.csv", FiveGoodRows);

        var run = TallyRun.Of("replay", fills, "--json", "--skip-invalid");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Equal(string.Empty, run.Stderr);
    }

    [Fact]
    public void A_missing_file_fails_the_run_with_one_line_naming_it()
    {
        var missing = _dir.PathOf("nope.csv");

        var run = TallyRun.Of("replay", missing, "--json");

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Equal([$"{missing}: no such file"], run.StderrLines);
        Assert.Equal(string.Empty, run.Stdout);
    }

    [Fact]
    public void An_empty_file_fails_the_run_with_one_line()
    {
        var empty = _dir.Write("fills.csv", string.Empty);

        var run = TallyRun.Of("replay", empty, "--json");

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Equal([$"{empty}: the file is empty"], run.StderrLines);
        Assert.Equal(string.Empty, run.Stdout);
    }

    [Fact]
    public void A_file_holding_only_a_byte_order_mark_fails_the_run_as_empty_with_exit_2_and_one_line()
    {
        // Editors on Windows save an "empty" UTF-8 file as these three bytes.
        var bomOnly = _dir.WriteBytes("fills.csv", [0xEF, 0xBB, 0xBF]);

        var run = TallyRun.Of("replay", bomOnly, "--json");

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        var line = Assert.Single(run.StderrLines);
        Assert.Contains("empty", line, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Stdout);
    }

    [Fact]
    public void A_file_with_a_blank_first_line_fails_the_run_as_empty_with_one_line()
    {
        var blank = _dir.Write("fills.csv", "\nETHUSDT,BUY,1,3000\n");

        var run = TallyRun.Of("replay", blank, "--json");

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Equal(["fills.csv: the file is empty (a header line is required)"], run.StderrLines);
        Assert.Equal(string.Empty, run.Stdout);
    }

    [Fact]
    public void A_file_with_only_a_header_replays_to_nothing()
    {
        var headerOnly = _dir.Write("fills.csv", "symbol,side,qty,price\n");

        using var json = TallyRun.Of("replay", headerOnly, "--json").Json();

        Assert.Empty(json.Fills);
        Assert.Empty(json.Positions);
        Assert.Empty(json.Cycles);
        Assert.Empty(json.Totals.EnumerateObject());
    }

    [Fact]
    public void A_missing_required_column_fails_the_run_with_one_line_naming_the_column()
    {
        var fills = _dir.Write("fills.csv", "symbol,side,price\nETHUSDT,BUY,3000\n");

        var run = TallyRun.Of("replay", fills, "--json");

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Equal(["fills.csv: missing required column qty (header has: symbol, side, price)"], run.StderrLines);
        Assert.Equal(string.Empty, run.Stdout);
    }

    [Fact]
    public void A_missing_required_column_fails_the_run_even_with_skip_invalid()
    {
        var fills = _dir.Write("fills.csv", "symbol,qty,price\nETHUSDT,1,3000\n");

        var run = TallyRun.Of("replay", fills, "--json", "--skip-invalid");

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Equal(["fills.csv: missing required column side (header has: symbol, qty, price)"], run.StderrLines);
        Assert.Equal(string.Empty, run.Stdout);
    }

    [Fact]
    public void An_unknown_mode_fails_the_run_with_one_line()
    {
        var fills = _dir.Write("fills.csv", FiveGoodRows);

        var run = TallyRun.Of("replay", fills, "--mode", "sideways", "--json");

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Equal(["--mode: \"sideways\" is not one-way or hedge"], run.StderrLines);
        Assert.Equal(string.Empty, run.Stdout);
    }

    [Fact]
    public void An_unknown_option_fails_the_run_with_exit_2()
    {
        var fills = _dir.Write("fills.csv", FiveGoodRows);

        var run = TallyRun.Of("replay", fills, "--frobnicate");

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains(run.StderrLines, line => line.Contains("--frobnicate", StringComparison.Ordinal));
        Assert.Equal(string.Empty, run.Stdout);
    }

    [Fact]
    public void Replay_without_a_file_fails_the_run_with_exit_2()
    {
        var run = TallyRun.Of("replay", "--json");

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.NotEmpty(run.StderrLines);
        Assert.Equal(string.Empty, run.Stdout);
    }
}
