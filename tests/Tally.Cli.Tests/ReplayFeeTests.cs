namespace Tally.Cli.Tests;

/// <summary>Fees: per asset as charged, in net PnL only when in (or converted to) the settlement asset.</summary>
public sealed class ReplayFeeTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_third_asset_fee_with_a_fee_price_is_charged_to_net_pnl_in_the_settlement_asset()
    {
        // 0.0095 BNB at 650 USDT = 6.175 USDT.
        var fills = _dir.Write("fills.csv", "symbol,side,qty,price,fee,fee_asset,fee_price\nSOLUSDT,BUY,10,190.5,0.0095,BNB,650\n");

        using var json = TallyRun.Of("replay", fills, "--json").Json();
        var sol = json.Position("SOLUSDT");

        Assert.Equal(new Dictionary<string, string?> { ["BNB"] = "0.0095" }, sol.Amounts("fees"));
        Assert.Equal("-6.175", sol.Text("net_pnl"));
        Assert.Equal("6.175", json.Totals.GetProperty("USDT").Text("fees"));
        Assert.Equal("-6.175", json.Totals.GetProperty("USDT").Text("net_pnl"));
    }

    [Fact]
    public void A_fee_without_fee_asset_is_charged_in_the_settlement_asset()
    {
        var fills = _dir.Write("fills.csv", "symbol,side,qty,price,fee\nETHUSDT,BUY,1,3000,1.2\n");

        using var json = TallyRun.Of("replay", fills, "--json").Json();

        Assert.Equal(new Dictionary<string, string?> { ["USDT"] = "1.2" }, json.Position("ETHUSDT").Amounts("fees"));
        Assert.Equal("-1.2", json.Position("ETHUSDT").Text("net_pnl"));
    }

    [Fact]
    public void A_fill_without_fee_asset_reports_the_settlement_asset_it_was_charged_in()
    {
        // The input's default is the settlement asset; the fill report should say which asset that was,
        // as the position's fees do, rather than leave scripts to apply the default themselves.
        var fills = _dir.Write("fills.csv", "symbol,side,qty,price,fee\nETHUSDT,BUY,1,3000,1.2\n");

        using var json = TallyRun.Of("replay", fills, "--json").Json();

        Assert.Equal("USDT", json.Fill("2").Text("fee_asset"));
    }

    [Fact]
    public void Tiny_amounts_written_in_exponent_form_come_out_as_plain_exact_decimals()
    {
        // Buy 1E-8 @ 3E-8, sell 1E-8 @ 1E-8: realized 1E-16 − 3E-16 = −2E-16; fee 1E-20.
        var fills = _dir.Write("fills.csv", "symbol,side,qty,price,fee\nXUSDT,BUY,1E-8,3E-8,1E-20\nXUSDT,SELL,1e-8,1e-8,0\n");

        using var json = TallyRun.Of("replay", fills, "--json").Json();
        var position = json.Position("XUSDT");

        Assert.Equal("-0.0000000000000002", position.Text("realized_pnl"));
        Assert.Equal(new Dictionary<string, string?> { ["USDT"] = "0.00000000000000000001" }, position.Amounts("fees"));
        Assert.Equal("-0.00000000000000020001", position.Text("net_pnl"));
        Assert.Equal("0.00000003", json.Fill("2").Text("avg_entry_price"));
        Assert.DoesNotContain(json.AllStrings(), s => s.Contains("E-", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void A_file_saved_with_a_utf8_byte_order_mark_is_read_like_any_other()
    {
        var fills = _dir.WriteBytes("fills.csv", [0xEF, 0xBB, 0xBF, .. "symbol,side,qty,price\nETHUSDT,BUY,1,3000\n"u8]);

        using var json = TallyRun.Of("replay", fills, "--json").Json();

        Assert.Equal("1", json.Position("ETHUSDT").Text("qty"));
    }
}
