namespace Tally.Cli.Tests;

/// <summary><c>tally replay</c> folds each position in venue order (time, trade id, file order), as the fill log does.</summary>
public sealed class ReplayVenueOrderTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_row_listed_after_a_later_fill_counts_where_its_time_puts_it()
    {
        // Venue order t1, t2, t3: buy 1 @ 100, buy 1 @ 110 → 2 @ 105; sell 1 @ 120 realizes (120 − 105) · 1 = 15.
        // In file order the sell would close the long at 120 first (realized 20) and t2 would open a new one @ 110.
        var fills = _dir.Write("fills.csv",
            "trade_id,ts,symbol,side,qty,price\n" +
            "t1,2026-03-01T12:01:00Z,BTCUSDT,BUY,1,100\n" +
            "t3,2026-03-01T12:03:00Z,BTCUSDT,SELL,1,120\n" +
            "t2,2026-03-01T12:02:00Z,BTCUSDT,BUY,1,110\n" +
            "e1,2026-03-01T12:00:00Z,ETHUSDT,BUY,1,3000\n");

        using var json = TallyRun.Of("replay", fills, "--json").Json();
        var btc = json.Position("BTCUSDT");

        Assert.Equal(["t1", "t3", "t2", "e1"], json.Fills.Select(f => f.Text("trade_id")));     // listed in file order
        Assert.Equal(["long_opened", "long_reduced", "long_increased", "long_opened"], json.Fills.Select(f => f.Text("action")));
        Assert.Equal("15", json.Fill("t3").Text("realized_pnl"));
        Assert.Equal("105", json.Fill("t3").Text("avg_entry_price"));
        Assert.Equal("2", json.Fill("t2").Text("signed_qty"));
        Assert.Equal(("1", "105", "15"), (btc.Text("qty"), btc.Text("avg_entry_price"), btc.Text("realized_pnl")));
        Assert.DoesNotContain(json.Cycles, c => c.GetProperty("closed").GetBoolean());
    }

    [Fact]
    public void Rows_of_one_millisecond_fold_by_numeric_trade_id()
    {
        // "9" before "10": sell 2 @ 110 opens a short, buy 1 @ 100 reduces it (realized 10); no cycle closes.
        var fills = _dir.Write("fills.csv",
            "trade_id,ts,symbol,side,qty,price\n" +
            "10,1772366400000,BTCUSDT,BUY,1,100\n" +
            "9,1772366400000,BTCUSDT,SELL,2,110\n");

        using var json = TallyRun.Of("replay", fills, "--json").Json();

        Assert.Equal(["short_reduced", "short_opened"], json.Fills.Select(f => f.Text("action")));
        Assert.Equal("10", json.Fill("10").Text("realized_pnl"));
        Assert.Equal("-1", json.Position("BTCUSDT").Text("signed_qty"));
    }

    [Fact]
    public void A_position_with_a_row_without_a_time_folds_in_file_order()
    {
        // The second row has no ts, so BTCUSDT keeps file order: the sell closes 1 @ 100 at 120 (realized 20).
        var fills = _dir.Write("fills.csv",
            "trade_id,ts,symbol,side,qty,price\n" +
            "t1,2026-03-01T12:01:00Z,BTCUSDT,BUY,1,100\n" +
            "t3,,BTCUSDT,SELL,1,120\n" +
            "t2,2026-03-01T12:00:00Z,BTCUSDT,BUY,1,110\n");

        using var json = TallyRun.Of("replay", fills, "--json").Json();

        Assert.Equal(["long_opened", "long_closed", "long_opened"], json.Fills.Select(f => f.Text("action")));
        Assert.Equal("20", json.Position("BTCUSDT").Text("realized_pnl"));
        Assert.Equal("110", json.Position("BTCUSDT").Text("avg_entry_price"));
    }
}
