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

    [Fact]
    public void A_mark_gives_each_open_position_its_notional_in_the_settlement_asset()
    {
        // BTC long 0.01 marked 96000 → 960 USDT; SOL long 10 marked 200 → 2000 USDT.
        using var json = TallyRun.Of("replay", RepositoryFiles.ExampleFills, "--json", "--mark", "BTCUSDT=96000", "--mark", "SOLUSDT=200").Json();

        Assert.Equal("960", json.Position("BTCUSDT").Text("notional"));
        Assert.Equal("2000", json.Position("SOLUSDT").Text("notional"));
    }

    [Fact]
    public void A_short_has_a_positive_notional_and_a_flat_marked_position_a_zero_one()
    {
        var fills = _dir.Write("fills.csv", "symbol,side,qty,price\nBTCUSDT,SELL,2,100\nETHUSDT,BUY,1,10\nETHUSDT,SELL,1,11\n");

        using var json = TallyRun.Of("replay", fills, "--json", "--mark", "BTCUSDT=90", "--mark", "ETHUSDT=12").Json();

        Assert.Equal("180", json.Position("BTCUSDT").Text("notional"));
        Assert.Equal("0", json.Position("ETHUSDT").Text("notional"));
    }

    [Fact]
    public void An_inverse_notional_is_in_its_base_asset()
    {
        // 10 contracts of 100 USD marked 25000 → 1000 / 25000 = 0.04 BTC.
        var instruments = _dir.Write("instruments.csv", "symbol,kind,base,quote,multiplier\nBTCUSD,inverse,BTC,USD,100\n");
        var fills = _dir.Write("fills.csv", "symbol,side,qty,price\nBTCUSD,BUY,10,20000\n");

        using var json = TallyRun.Of("replay", fills, "--instruments", instruments, "--json", "--mark", "BTCUSD=25000").Json();

        Assert.Equal("BTC", json.Position("BTCUSD").Text("settlement_asset"));
        Assert.Equal("0.04", json.Position("BTCUSD").Text("notional"));
    }

    [Fact]
    public void Without_a_mark_the_notional_is_null()
    {
        using var json = TallyRun.Of("replay", RepositoryFiles.ExampleFills, "--json", "--mark", "BTCUSDT=96000").Json();

        Assert.True(json.Position("SOLUSDT").IsNull("notional"));
    }

    [Fact]
    public void Positions_from_the_store_are_marked_by_mark_with_unrealized_pnl_and_notional()
    {
        var db = "sqlite:" + _dir.PathOf("marks.db");
        var fills = _dir.Write("fills.csv", "symbol,side,qty,price,trade_id\nBTCUSDT,BUY,2,100,1\nETHUSDT,BUY,1,10,2\n");
        Assert.Equal(ExitCodes.Ok, TallyRun.Of("import", fills, "--format", "tally-csv", "--db", db, "--quiet").ExitCode);

        using var json = TallyRun.Of("positions", "--db", db, "--json", "--mark", "BTCUSDT=110").Json();

        Assert.Equal("110", json.Position("BTCUSDT").Text("mark_price"));
        Assert.Equal("20", json.Position("BTCUSDT").Text("unrealized_pnl"));
        Assert.Equal("220", json.Position("BTCUSDT").Text("notional"));
        Assert.True(json.Position("ETHUSDT").IsNull("notional"));
        Assert.True(json.Totals.GetProperty("USDT").IsNull("unrealized_pnl"));
    }

    [Fact]
    public void A_mark_over_the_amount_limit_is_refused_so_no_total_can_overflow()
    {
        var run = TallyRun.Of("replay", RepositoryFiles.ExampleFills, "--mark", "BTCUSDT=79228162514264337593543950335");

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Equal(["--mark: \"BTCUSDT=79228162514264337593543950335\" is too large to total (at most 1E+14)"], run.StderrLines);
        Assert.Equal(string.Empty, run.Stdout);
    }

    [Fact]
    public void Positions_refuse_a_mark_that_is_not_symbol_equals_positive_price()
    {
        var run = TallyRun.Of("positions", "--db", "sqlite:" + _dir.PathOf("none.db"), "--mark", "BTCUSDT=0");

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Equal(["--mark: \"BTCUSDT=0\" is not SYMBOL=PRICE with a positive price"], run.StderrLines);
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
