namespace Tally.Cli.Tests;

/// <summary><c>--mark SYMBOL=PRICE</c>: unrealized PnL of what is still held.</summary>
public sealed class ReplayMarkPriceTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_mark_gives_each_open_position_its_unrealized_pnl_and_the_totals_their_sum()
    {
        // BTC long 0.01 @ 95000 marked 96000 → +10; SOL long 10 @ 190.5 marked 200 → +95; total 105.
        using var json = TallyRun.Of("replay", RepositoryFiles.ExampleFills, "--json", "--mark", "BTCUSDT=96000", "--mark", "SOLUSDT=200").Json();

        Assert.Equal("96000", json.Position("BTCUSDT").Text("mark_price"));
        Assert.Equal("10", json.Position("BTCUSDT").Text("unrealized_pnl"));
        Assert.Equal("200", json.Position("SOLUSDT").Text("mark_price"));
        Assert.Equal("95", json.Position("SOLUSDT").Text("unrealized_pnl"));
        Assert.Equal("105", json.Totals.GetProperty("USDT").Text("unrealized_pnl"));
    }

    [Theory]
    [InlineData("90", "20")]
    [InlineData("110", "-20")]
    [InlineData("100", "0")]
    public void A_short_gains_unrealized_pnl_as_the_mark_falls(string mark, string unrealized)
    {
        var fills = _dir.Write("fills.csv", "symbol,side,qty,price\nBTCUSDT,SELL,2,100\n");

        using var json = TallyRun.Of("replay", fills, "--json", "--mark", $"BTCUSDT={mark}").Json();

        Assert.Equal(unrealized, json.Position("BTCUSDT").Text("unrealized_pnl"));
    }

    [Fact]
    public void A_mark_in_exponent_form_is_read_exactly()
    {
        var fills = _dir.Write("fills.csv", "symbol,side,qty,price\nBTCUSDT,BUY,1,100\n");

        using var json = TallyRun.Of("replay", fills, "--json", "--mark", "BTCUSDT=1.5E2").Json();

        Assert.Equal("150", json.Position("BTCUSDT").Text("mark_price"));
        Assert.Equal("50", json.Position("BTCUSDT").Text("unrealized_pnl"));
    }

    [Fact]
    public void Totals_leave_unrealized_pnl_null_while_an_open_position_has_no_mark()
    {
        using var json = TallyRun.Of("replay", RepositoryFiles.ExampleFills, "--json", "--mark", "BTCUSDT=96000").Json();

        Assert.Equal("10", json.Position("BTCUSDT").Text("unrealized_pnl"));
        Assert.True(json.Position("SOLUSDT").IsNull("unrealized_pnl"));
        Assert.True(json.Totals.GetProperty("USDT").IsNull("unrealized_pnl"));
    }

    [Fact]
    public void A_mark_for_a_symbol_with_no_fills_is_ignored_with_a_warning()
    {
        var fills = _dir.Write("fills.csv", "symbol,side,qty,price\nBTCUSDT,BUY,1,100\n");

        var run = TallyRun.Of("replay", fills, "--json", "--mark", "DOGEUSDT=0.1");
        using var json = run.Json();

        Assert.Equal(["--mark DOGEUSDT: no fill has this symbol; ignored"], run.StderrLines);
        Assert.True(json.Position("BTCUSDT").IsNull("mark_price"));
    }

    [Theory]
    [InlineData("BTCUSDT")]
    [InlineData("BTCUSDT=")]
    [InlineData("=100")]
    [InlineData("BTCUSDT=0")]
    [InlineData("BTCUSDT=-5")]
    [InlineData("BTCUSDT=abc")]
    public void A_mark_that_is_not_symbol_equals_positive_price_fails_the_run_with_one_line(string mark)
    {
        var fills = _dir.Write("fills.csv", "symbol,side,qty,price\nBTCUSDT,BUY,1,100\n");

        var run = TallyRun.Of("replay", fills, "--json", "--mark", mark);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Equal([$"--mark: \"{mark}\" is not SYMBOL=PRICE with a positive price"], run.StderrLines);
        Assert.Equal(string.Empty, run.Stdout);
    }
}
