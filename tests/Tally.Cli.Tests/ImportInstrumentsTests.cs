namespace Tally.Cli.Tests;

/// <summary><c>tally import --instruments</c>: definitions per venue, stored before the first row.</summary>
public sealed class ImportInstrumentsTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Spot_and_perpetual_BTCUSDT_imported_into_one_store_keep_two_positions_of_their_kinds_and_verify_equal()
    {
        var db = "sqlite:" + _dir.PathOf("venues.db");
        var instruments = _dir.Write("instruments.csv", "symbol,kind,base,quote,venue\nBTCUSDT,spot,BTC,USDT,binance-spot\n");
        var fills = _dir.Write(
            "fills.csv",
            "venue,symbol,side,qty,price,fee,fee_asset,trade_id\nbinance-futures,BTCUSDT,SELL,2,100,0.1,USDT,f1\nbinance-spot,BTCUSDT,BUY,1,100,0.001,BTC,s1\n");

        Assert.Equal(ExitCodes.Ok, TallyRun.Of("import", fills, "--format", "tally-csv", "--instruments", instruments, "--db", db, "--quiet").ExitCode);

        using var json = TallyRun.Of("positions", "--db", db, "--json").Json();
        Assert.Equal(
            [("binance-futures", "linear", "-2"), ("binance-spot", "spot", "0.999")],
            json.Positions.Select(p => (p.Text("venue"), p.Text("kind"), p.Text("signed_qty"))).OrderBy(p => p.Item1, StringComparer.Ordinal));
        Assert.Equal(ExitCodes.Ok, TallyRun.Of("verify", "--db", db).ExitCode);
    }

    [Fact]
    public void Redefining_the_venue_that_has_the_fills_is_refused_with_exit_2()
    {
        var db = "sqlite:" + _dir.PathOf("refused.db");
        var fills = _dir.Write("fills.csv", "venue,symbol,side,qty,price,trade_id\nbinance-futures,BTCUSDT,BUY,1,100,f1\n");
        Assert.Equal(ExitCodes.Ok, TallyRun.Of("import", fills, "--format", "tally-csv", "--db", db, "--quiet").ExitCode);
        var instruments = _dir.Write("instruments.csv", "symbol,kind,base,quote,venue\nBTCUSDT,spot,BTC,USDT,binance-futures\n");

        var run = TallyRun.Of("import", fills, "--format", "tally-csv", "--instruments", instruments, "--db", db, "--quiet");

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("binance-futures/BTCUSDT already has fills", run.Stderr, StringComparison.Ordinal);
    }
}
