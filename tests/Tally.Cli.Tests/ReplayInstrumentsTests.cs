namespace Tally.Cli.Tests;

/// <summary><c>--instruments</c>: spot, linear and inverse contracts described in a file.</summary>
public sealed class ReplayInstrumentsTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private string Instruments(string rows) => _dir.Write("instruments.csv", "symbol,kind,base,quote,multiplier\n" + rows);

    [Fact]
    public void An_inverse_contract_realizes_in_its_base_asset()
    {
        // 10 contracts of 100 USD: entry value 1000 / 20000 = 0.05 BTC, exit 1000 / 25000 = 0.04 BTC;
        // a long gains 0.05 − 0.04 = 0.01 BTC.
        var instruments = Instruments("BTCUSD,inverse,BTC,USD,100\n");
        var fills = _dir.Write("fills.csv", "symbol,side,qty,price\nBTCUSD,BUY,10,20000\nBTCUSD,SELL,10,25000\n");

        using var json = TallyRun.Of("replay", fills, "--instruments", instruments, "--json").Json();
        var position = json.Position("BTCUSD");

        Assert.Equal("inverse", position.Text("kind"));
        Assert.Equal("BTC", position.Text("settlement_asset"));
        Assert.Equal("0.01", position.Text("realized_pnl"));
        Assert.Equal("0.01", json.Fill("3").Text("realized_pnl"));
        Assert.Equal("20000", json.Fill("2").Text("avg_entry_price"));
        Assert.Equal("0.01", json.Cycle("default/default/BTCUSD/BOTH", 1).Text("realized_pnl"));
        Assert.Equal(["BTC"], json.Totals.EnumerateObject().Select(p => p.Name));
        Assert.Equal("0.01", json.Totals.GetProperty("BTC").Text("realized_pnl"));
    }

    [Fact]
    public void A_venue_column_picks_the_instrument_by_the_fills_venue_and_a_blank_venue_applies_to_the_others()
    {
        // Spot on binance-spot: the 0.001 BTC fee comes out of the coins. Elsewhere the blank-venue row (linear) applies.
        var instruments = _dir.Write("instruments.csv", "symbol,kind,base,quote,venue\nBTCUSDT,spot,BTC,USDT,binance-spot\nBTCUSDT,linear,BTC,USDT,\n");
        var fills = _dir.Write(
            "fills.csv",
            "venue,symbol,side,qty,price,fee,fee_asset\nbinance-spot,BTCUSDT,BUY,1,100,0.001,BTC\nbinance-futures,BTCUSDT,BUY,1,100,0.001,BTC\n");

        using var json = TallyRun.Of("replay", fills, "--instruments", instruments, "--json").Json();

        Assert.Equal(
            [("binance-futures", "linear", "1"), ("binance-spot", "spot", "0.999")],
            json.Positions.Select(p => (p.Text("venue"), p.Text("kind"), p.Text("signed_qty"))).OrderBy(p => p.Item1, StringComparer.Ordinal));
    }

    [Fact]
    public void An_inverse_short_gains_when_the_price_falls_and_its_fees_default_to_the_base_asset()
    {
        // Short 10 @ 25000 (0.04 BTC), cover @ 20000 (0.05 BTC): +0.01 BTC; fees 0.0001 + 0.0001 BTC.
        var instruments = Instruments("BTCUSD,inverse,BTC,USD,100\n");
        var fills = _dir.Write("fills.csv", "symbol,side,qty,price,fee\nBTCUSD,SELL,10,25000,0.0001\nBTCUSD,BUY,10,20000,0.0001\n");

        using var json = TallyRun.Of("replay", fills, "--instruments", instruments, "--json").Json();
        var position = json.Position("BTCUSD");

        Assert.Equal("0.01", position.Text("realized_pnl"));
        Assert.Equal(new Dictionary<string, string?> { ["BTC"] = "0.0002" }, position.Amounts("fees"));
        Assert.Equal("0.0098", position.Text("net_pnl"));
        Assert.Equal("0.0002", json.Totals.GetProperty("BTC").Text("fees"));
    }

    [Fact]
    public void An_inverse_average_entry_is_the_harmonic_mean_of_the_entry_prices()
    {
        // 10 @ 20000 and 10 @ 25000: 2000 USD for 0.05 + 0.04 = 0.09 BTC → 2000 / 0.09 = 22222.22….
        var instruments = Instruments("BTCUSD,inverse,BTC,USD,100\n");
        var fills = _dir.Write("fills.csv", "symbol,side,qty,price\nBTCUSD,BUY,10,20000\nBTCUSD,BUY,10,25000\n");

        using var json = TallyRun.Of("replay", fills, "--instruments", instruments, "--json").Json();

        Assert.StartsWith("22222.2222222", json.Position("BTCUSD").Text("avg_entry_price"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_spot_fee_in_the_base_asset_shrinks_the_held_quantity_and_is_not_charged_to_pnl()
    {
        // Buy 1 ETH with a 0.001 ETH fee: 0.999 held; break-even −(−3000) / 0.999 = 3003.003….
        var instruments = Instruments("ETHUSDT,spot,ETH,USDT,\n");
        var fills = _dir.Write("fills.csv", "symbol,side,qty,price,fee,fee_asset\nETHUSDT,BUY,1,3000,0.001,ETH\n");

        using var json = TallyRun.Of("replay", fills, "--instruments", instruments, "--json").Json();
        var position = json.Position("ETHUSDT");

        Assert.Equal("spot", position.Text("kind"));
        Assert.Equal("0.999", position.Text("qty"));
        Assert.Equal(new Dictionary<string, string?> { ["ETH"] = "0.001" }, position.Amounts("fees"));
        Assert.Equal("0", position.Text("net_pnl"));
        Assert.StartsWith("3003.003003", position.Text("break_even_price"), StringComparison.Ordinal);
    }

    [Fact]
    public void A_spot_buy_whose_base_asset_fee_is_not_smaller_than_qty_is_a_bad_row()
    {
        var instruments = Instruments("ETHUSDT,spot,ETH,USDT,\n");
        var fills = _dir.Write("fills.csv", "symbol,side,qty,price,fee,fee_asset\nETHUSDT,BUY,1,3000,1,ETH\n");

        var run = TallyRun.Of("replay", fills, "--instruments", instruments, "--json");

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Equal(["line 2, column fee: \"1\" must be smaller than qty when charged in the base asset"], run.StderrLines);
        Assert.Equal(string.Empty, run.Stdout);
    }

    [Fact]
    public void A_symbol_without_a_quote_suffix_is_resolved_through_the_instruments_file()
    {
        var instruments = Instruments("XBTPERP,linear,XBT,USDC,0.001\n");
        var fills = _dir.Write("fills.csv", "symbol,side,qty,price\nXBTPERP,BUY,1000,60000\nXBTPERP,SELL,1000,61000\n");

        using var json = TallyRun.Of("replay", fills, "--instruments", instruments, "--json").Json();

        // 1000 contracts of 0.001 XBT: (61000 − 60000) · 1000 · 0.001 = 1000 USDC.
        Assert.Equal("USDC", json.Position("XBTPERP").Text("settlement_asset"));
        Assert.Equal("1000", json.Position("XBTPERP").Text("realized_pnl"));
    }

    [Fact]
    public void Without_instruments_a_symbol_with_no_known_quote_suffix_is_a_bad_row()
    {
        var fills = _dir.Write("fills.csv", "symbol,side,qty,price\nXBTPERP,BUY,1,60000\n");

        var run = TallyRun.Of("replay", fills, "--json");

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Equal(["line 2, column symbol: \"XBTPERP\" has no known quote asset; describe it with --instruments"], run.StderrLines);
    }

    [Fact]
    public void A_bad_instruments_row_fails_the_run_naming_the_file_and_line()
    {
        var instruments = Instruments("BTCUSD,future,BTC,USD,100\n");
        var fills = _dir.Write("fills.csv", "symbol,side,qty,price\nBTCUSD,BUY,10,20000\n");

        var run = TallyRun.Of("replay", fills, "--instruments", instruments, "--json");

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Equal(["instruments.csv: line 2, column kind: \"future\" is not spot, linear or inverse"], run.StderrLines);
        Assert.Equal(string.Empty, run.Stdout);
    }

    [Fact]
    public void An_instruments_file_missing_a_column_fails_the_run_with_one_line()
    {
        var instruments = _dir.Write("instruments.csv", "symbol,kind,quote\nBTCUSD,inverse,USD\n");
        var fills = _dir.Write("fills.csv", "symbol,side,qty,price\nBTCUSD,BUY,10,20000\n");

        var run = TallyRun.Of("replay", fills, "--instruments", instruments, "--json");

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Equal(["instruments.csv: missing required column base (header has: symbol, kind, quote)"], run.StderrLines);
        Assert.Equal(string.Empty, run.Stdout);
    }

    [Fact]
    public void A_missing_instruments_file_fails_the_run_with_one_line()
    {
        var fills = _dir.Write("fills.csv", "symbol,side,qty,price\nBTCUSDT,BUY,1,20000\n");
        var missing = _dir.PathOf("nope.csv");

        var run = TallyRun.Of("replay", fills, "--instruments", missing, "--json");

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Equal([$"{missing}: no such file"], run.StderrLines);
        Assert.Equal(string.Empty, run.Stdout);
    }

    [Fact]
    public void An_instruments_file_holding_only_a_byte_order_mark_fails_the_run_with_exit_2_and_one_line()
    {
        var instruments = _dir.WriteBytes("instruments.csv", [0xEF, 0xBB, 0xBF]);
        var fills = _dir.Write("fills.csv", "symbol,side,qty,price\nBTCUSDT,BUY,1,20000\n");

        var run = TallyRun.Of("replay", fills, "--instruments", instruments, "--json");

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        var line = Assert.Single(run.StderrLines);
        Assert.Contains("empty", line, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Stdout);
    }
}
