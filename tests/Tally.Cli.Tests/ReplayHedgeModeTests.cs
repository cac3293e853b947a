namespace Tally.Cli.Tests;

/// <summary><c>--mode hedge</c>: a long and a short book per symbol, side by side; neither can flip.</summary>
public sealed class ReplayHedgeModeTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Long_and_short_of_the_same_symbol_are_kept_as_two_positions()
    {
        // LONG: buy 1 @ 100, sell 1 @ 120 → +20. SHORT: sell 2 @ 110, buy 1 @ 100 → +10, 1 still short @ 110.
        var fills = _dir.Write("fills.csv",
            "symbol,side,qty,price,position_side,fee\n" +
            "BTCUSDT,BUY,1,100,LONG,0.1\n" +
            "BTCUSDT,SELL,2,110,SHORT,0.2\n" +
            "BTCUSDT,SELL,1,120,LONG,0.1\n" +
            "BTCUSDT,BUY,1,100,SHORT,0.1\n");

        using var json = TallyRun.Of("replay", fills, "--mode", "hedge", "--json").Json();
        var longSide = json.Position("BTCUSDT", "LONG");
        var shortSide = json.Position("BTCUSDT", "SHORT");

        Assert.Equal(["long_opened", "short_opened", "long_closed", "short_reduced"], json.Fills.Select(f => f.Text("action")));
        Assert.Equal(
            ["default/default/BTCUSDT/LONG", "default/default/BTCUSDT/SHORT", "default/default/BTCUSDT/LONG", "default/default/BTCUSDT/SHORT"],
            json.Fills.Select(f => f.Text("key")));
        Assert.Equal(["LONG", "SHORT"], json.Positions.Select(p => p.Text("position_side")));

        Assert.Equal("FLAT", longSide.Text("side"));
        Assert.Equal("20", longSide.Text("realized_pnl"));
        Assert.Equal("19.8", longSide.Text("net_pnl"));

        Assert.Equal("SHORT", shortSide.Text("side"));
        Assert.Equal("1", shortSide.Text("qty"));
        Assert.Equal("-1", shortSide.Text("signed_qty"));
        Assert.Equal("110", shortSide.Text("avg_entry_price"));
        Assert.Equal("10", shortSide.Text("realized_pnl"));
        Assert.Equal("9.7", shortSide.Text("net_pnl"));

        Assert.Equal("30", json.Totals.GetProperty("USDT").Text("realized_pnl"));
        Assert.Equal("29.5", json.Totals.GetProperty("USDT").Text("net_pnl"));
    }

    [Fact]
    public void A_hedge_side_never_flips_and_an_oversized_reduce_is_reported_as_an_anomaly()
    {
        var fills = _dir.Write("fills.csv", "symbol,side,qty,price,position_side\nBTCUSDT,BUY,1,100,LONG\nBTCUSDT,SELL,2,110,LONG\n");

        var run = TallyRun.Of("replay", fills, "--mode", "hedge", "--json");
        using var json = run.Json();
        var oversized = json.Fill("3");

        Assert.Equal("long_closed", oversized.Text("action"));
        Assert.Equal("10", oversized.Text("realized_pnl"));
        Assert.Equal("0", oversized.Text("signed_qty"));
        Assert.Equal("SELL 2 exceeds the LONG side of 1; the side is closed and 1 is not applied", oversized.Text("anomaly"));
        Assert.Equal(["LONG"], json.Positions.Select(p => p.Text("position_side")));
        Assert.Equal("FLAT", json.Position("BTCUSDT", "LONG").Text("side"));
    }

    [Fact]
    public void Hedge_mode_refuses_a_row_with_position_side_both()
    {
        var fills = _dir.Write("fills.csv", "symbol,side,qty,price,position_side\nBTCUSDT,BUY,1,100,LONG\nBTCUSDT,BUY,1,100,BOTH\n");

        var run = TallyRun.Of("replay", fills, "--mode", "hedge", "--json");

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Equal(["line 3, column position_side: \"BOTH\" must be LONG or SHORT in hedge mode"], run.StderrLines);
        Assert.Equal(string.Empty, run.Stdout);
    }

    [Fact]
    public void One_way_mode_is_the_default_and_refuses_long_or_short_rows()
    {
        var fills = _dir.Write("fills.csv", "symbol,side,qty,price,position_side\nBTCUSDT,BUY,1,100,LONG\n");

        var run = TallyRun.Of("replay", fills, "--json");

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Equal(["line 2, column position_side: \"LONG\" must be BOTH in one-way mode (use --mode hedge)"], run.StderrLines);
        Assert.Equal(string.Empty, run.Stdout);
    }

    [Fact]
    public void One_way_mode_named_explicitly_lets_a_fill_flip_the_position()
    {
        var fills = _dir.Write("fills.csv", "symbol,side,qty,price\nBTCUSDT,BUY,1,100\nBTCUSDT,SELL,3,110\n");

        using var json = TallyRun.Of("replay", fills, "--mode", "one-way", "--json").Json();

        Assert.Equal("long_closed_and_short_opened", json.Fill("3").Text("action"));
        Assert.Equal("-2", json.Position("BTCUSDT").Text("signed_qty"));
    }
}
