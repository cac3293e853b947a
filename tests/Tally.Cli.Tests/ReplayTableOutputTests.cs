namespace Tally.Cli.Tests;

/// <summary>Without <c>--json</c>, replay prints tables for people: positions, cycles and totals.</summary>
public sealed class ReplayTableOutputTests
{
    [Fact]
    public void Tables_show_positions_cycles_and_totals_with_every_key()
    {
        var run = TallyRun.Of("replay", RepositoryFiles.ExampleFills);

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Equal(string.Empty, run.Stderr);
        Assert.Contains("Positions", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("Cycles", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("Totals", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("default/default/ETHUSDT/BOTH", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("default/default/BTCUSDT/BOTH", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("default/default/SOLUSDT/BOTH", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Tables_show_the_hand_worked_totals()
    {
        var run = TallyRun.Of("replay", RepositoryFiles.ExampleFills);

        Assert.Contains("212.5", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("207.5415", run.Stdout, StringComparison.Ordinal);
        Assert.Contains("196.28", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Tables_are_plain_text_without_json_or_terminal_escape_codes()
    {
        var run = TallyRun.Of("replay", RepositoryFiles.ExampleFills);

        Assert.False(run.Stdout.TrimStart().StartsWith('{'));
        Assert.DoesNotContain('\u001b', run.Stdout);
    }

    [Fact]
    public void Tables_report_a_bad_row_the_same_way_as_json()
    {
        using var dir = new TempDirectory();
        var fills = dir.Write("fills.csv", "symbol,side,qty,price\nETHUSDT,BUY,1,-3000\n");

        var run = TallyRun.Of("replay", fills);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Equal(["line 2, column price: \"-3000\" is not a positive number"], run.StderrLines);
        Assert.Equal(string.Empty, run.Stdout);
    }
}
