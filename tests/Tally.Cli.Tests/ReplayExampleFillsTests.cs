using System.Globalization;
using System.Text.RegularExpressions;

namespace Tally.Cli.Tests;

/// <summary>
/// <c>tally replay examples/fills.csv --json</c>, checked against numbers worked by hand:
/// ETH is DESIGN.md's worked example with fees; BTC opens short, flips long, then reduces with a maker
/// rebate; SOL pays its fee in BNB with no conversion price.
/// </summary>
public sealed partial class ReplayExampleFillsTests
{
    private const string Eth = "default/default/ETHUSDT/BOTH";
    private const string Btc = "default/default/BTCUSDT/BOTH";
    private const string Sol = "default/default/SOLUSDT/BOTH";

    private static ReplayJson Replay(params string[] extra) =>
        TallyRun.Of(["replay", RepositoryFiles.ExampleFills, "--json", .. extra]).Json();

    [Fact]
    public void Replay_of_the_example_succeeds_with_nothing_on_stderr()
    {
        var run = TallyRun.Of("replay", RepositoryFiles.ExampleFills, "--json");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Equal(string.Empty, run.Stderr);
    }

    [Fact]
    public void Every_row_is_reported_in_file_order_with_its_line_and_trade_id()
    {
        using var json = Replay();

        Assert.Equal([2, 3, 4, 5, 6, 7, 8, 9], json.Fills.Select(f => f.GetProperty("line").GetInt32()));
        Assert.Equal(["1001", "1002", "1003", "1004", "2001", "2002", "2003", "3001"], json.Fills.Select(f => f.Text("trade_id")));
        Assert.Equal([Eth, Eth, Eth, Eth, Btc, Btc, Btc, Sol], json.Fills.Select(f => f.Text("key")));
    }

    [Fact]
    public void Eth_fills_follow_the_worked_example_and_realize_exactly_200()
    {
        // buy 1 @ 3000, buy 0.5 @ 3100 → A = 4550 / 1.5 = 3033.33…; sell 0.5 @ 3200 → +83.33…;
        // sell 1 @ 3150 → +116.66…; the two thirds cancel, so the sum is exactly 200.
        using var json = Replay();
        var eth = json.Fills.Where(f => f.Text("key") == Eth).ToList();

        Assert.Equal(["long_opened", "long_increased", "long_reduced", "long_closed"], eth.Select(f => f.Text("action")));
        Assert.Equal(["1", "1.5", "1", "0"], eth.Select(f => f.Text("signed_qty")));
        Assert.Equal("3000", eth[0].Text("avg_entry_price"));
        Assert.StartsWith("3033.333333333333", eth[1].Text("avg_entry_price"), StringComparison.Ordinal);
        Assert.Equal(eth[1].Text("avg_entry_price"), eth[2].Text("avg_entry_price"));
        Assert.True(eth[3].IsNull("avg_entry_price"));
        Assert.Equal("0", eth[0].Text("realized_pnl"));
        Assert.Equal("0", eth[1].Text("realized_pnl"));
        Assert.StartsWith("83.333333333333", eth[2].Text("realized_pnl"), StringComparison.Ordinal);
        Assert.StartsWith("116.66666666666", eth[3].Text("realized_pnl"), StringComparison.Ordinal);
        Assert.Equal(200m, eth.Sum(f => decimal.Parse(f.Text("realized_pnl")!, CultureInfo.InvariantCulture)));
        Assert.Equal(["1.2", "0.62", "0.64", "1.26"], eth.Select(f => f.Text("fee")));
        Assert.Equal(["USDT", "USDT", "USDT", "USDT"], eth.Select(f => f.Text("fee_asset")));
        Assert.All(eth, f => Assert.True(f.IsNull("anomaly")));
    }

    [Fact]
    public void Eth_cycle_realizes_exactly_200_and_nets_196_28_after_3_72_of_fees()
    {
        using var json = Replay();
        var cycle = json.Cycle(Eth, 1);

        Assert.Equal("LONG", cycle.Text("side"));
        Assert.True(cycle.GetProperty("closed").GetBoolean());
        Assert.Equal("2025-01-06T09:00:00.000Z", cycle.Text("opened_at"));
        Assert.Equal("2025-01-06T11:00:00.000Z", cycle.Text("closed_at"));
        Assert.StartsWith("3033.333333333333", cycle.Text("avg_entry_price"), StringComparison.Ordinal);
        Assert.StartsWith("3166.666666666666", cycle.Text("avg_exit_price"), StringComparison.Ordinal); // (1600 + 3150) / 1.5
        Assert.Equal("1.5", cycle.Text("peak_qty"));
        Assert.Equal("200", cycle.Text("realized_pnl"));
        Assert.Equal(new Dictionary<string, string?> { ["USDT"] = "3.72" }, cycle.Amounts("fees"));
        Assert.Equal("196.28", cycle.Text("net_pnl"));
        Assert.StartsWith("0.043956043956", cycle.Text("realized_return"), StringComparison.Ordinal); // (3166.67 − 3033.33) / 3033.33
    }

    [Fact]
    public void Eth_position_ends_flat_with_realized_200_and_net_196_28()
    {
        using var json = Replay();
        var eth = json.Position("ETHUSDT");

        Assert.Equal("default", eth.Text("venue"));
        Assert.Equal("default", eth.Text("account"));
        Assert.Equal("linear", eth.Text("kind"));
        Assert.Equal("USDT", eth.Text("settlement_asset"));
        Assert.Equal("FLAT", eth.Text("side"));
        Assert.Equal("0", eth.Text("qty"));
        Assert.Equal("0", eth.Text("signed_qty"));
        Assert.True(eth.IsNull("avg_entry_price"));
        Assert.Equal("200", eth.Text("realized_pnl"));
        Assert.Equal(new Dictionary<string, string?> { ["USDT"] = "3.72" }, eth.Amounts("fees"));
        Assert.Equal("196.28", eth.Text("net_pnl"));
        Assert.Equal(1, eth.GetProperty("cycles").GetInt32());
        Assert.True(eth.IsNull("opened_at"));
        Assert.Equal("2025-01-06T11:00:00.000Z", eth.Text("last_update"));
        // Cash flow: p2 = −3000 − 1550 + 1600 + 3150 = 200; nothing held, so no break-even.
        Assert.Equal("0", eth.Text("p1"));
        Assert.Equal("200", eth.Text("p2"));
        Assert.Equal("0", eth.Text("p1_fee"));
        Assert.Equal("3.72", eth.Text("p2_fee"));
        Assert.True(eth.IsNull("break_even_price"));
    }

    [Fact]
    public void Btc_flip_closes_the_short_cycle_with_realized_10_and_net_9_236()
    {
        // sell 0.01 @ 96000 (fee 0.384), buy 0.025 @ 95000 (fee 0.95): 0.01 closes the short for
        // (96000 − 95000) · 0.01 = 10 and takes 0.01 / 0.025 of the fee = 0.38; net 10 − 0.764 = 9.236.
        using var json = Replay();
        var cycle = json.Cycle(Btc, 1);

        Assert.Equal("SHORT", cycle.Text("side"));
        Assert.True(cycle.GetProperty("closed").GetBoolean());
        Assert.Equal("2025-01-06T12:00:00.000Z", cycle.Text("opened_at"));
        Assert.Equal("2025-01-06T12:30:00.000Z", cycle.Text("closed_at"));
        Assert.Equal("96000", cycle.Text("avg_entry_price"));
        Assert.Equal("95000", cycle.Text("avg_exit_price"));
        Assert.Equal("0.01", cycle.Text("peak_qty"));
        Assert.Equal("10", cycle.Text("realized_pnl"));
        Assert.Equal(new Dictionary<string, string?> { ["USDT"] = "0.764" }, cycle.Amounts("fees"));
        Assert.Equal("9.236", cycle.Text("net_pnl"));
        Assert.StartsWith("0.0104166666", cycle.Text("realized_return"), StringComparison.Ordinal); // 1000 / 96000
    }

    [Fact]
    public void Btc_flip_fill_reports_the_close_and_the_new_long()
    {
        using var json = Replay();
        var flip = json.Fill("2002");

        Assert.Equal(7, flip.GetProperty("line").GetInt32());
        Assert.Equal("short_closed_and_long_opened", flip.Text("action"));
        Assert.Equal("10", flip.Text("realized_pnl"));
        Assert.Equal("0.95", flip.Text("fee"));
        Assert.Equal("0.015", flip.Text("signed_qty"));
        Assert.Equal("95000", flip.Text("avg_entry_price"));
    }

    [Fact]
    public void Btc_second_cycle_is_open_long_after_a_reduce_with_a_maker_rebate()
    {
        // Opens 0.015 @ 95000 with the other 0.57 of the flip's fee; sell 0.005 @ 95500 realizes
        // 500 · 0.005 = 2.5 and earns a 0.0955 rebate: fees 0.57 − 0.0955 = 0.4745, net 2.0255.
        using var json = Replay();
        var cycle = json.Cycle(Btc, 2);
        var reduce = json.Fill("2003");

        Assert.Equal("long_reduced", reduce.Text("action"));
        Assert.Equal("2.5", reduce.Text("realized_pnl"));
        Assert.Equal("-0.0955", reduce.Text("fee"));
        Assert.Equal("LONG", cycle.Text("side"));
        Assert.False(cycle.GetProperty("closed").GetBoolean());
        Assert.True(cycle.IsNull("closed_at"));
        Assert.Equal("95000", cycle.Text("avg_entry_price"));
        Assert.Equal("95500", cycle.Text("avg_exit_price"));
        Assert.Equal("0.015", cycle.Text("peak_qty"));
        Assert.Equal("2.5", cycle.Text("realized_pnl"));
        Assert.Equal(new Dictionary<string, string?> { ["USDT"] = "0.4745" }, cycle.Amounts("fees"));
        Assert.Equal("2.0255", cycle.Text("net_pnl"));
    }

    [Fact]
    public void Btc_position_realizes_12_5_over_two_cycles_with_1_2385_usdt_of_fees()
    {
        // Fees 0.384 + 0.95 − 0.0955 = 1.2385; net 12.5 − 1.2385 = 11.2615.
        using var json = Replay();
        var btc = json.Position("BTCUSDT");

        Assert.Equal("LONG", btc.Text("side"));
        Assert.Equal("0.01", btc.Text("qty"));
        Assert.Equal("0.01", btc.Text("signed_qty"));
        Assert.Equal("95000", btc.Text("avg_entry_price"));
        Assert.Equal("12.5", btc.Text("realized_pnl"));
        Assert.Equal(new Dictionary<string, string?> { ["USDT"] = "1.2385" }, btc.Amounts("fees"));
        Assert.Equal("11.2615", btc.Text("net_pnl"));
        Assert.Equal(2, btc.GetProperty("cycles").GetInt32());
        Assert.Equal("2025-01-06T12:30:00.000Z", btc.Text("opened_at"));
        Assert.Equal("2025-01-06T13:00:00.000Z", btc.Text("last_update"));
        // p1 = −0.01 + 0.025 − 0.005 = 0.01; p2 = 960 − 2375 + 477.5 = −937.5;
        // break-even = −(−937.5 − 1.2385) / 0.01 = 93873.85.
        Assert.Equal("0.01", btc.Text("p1"));
        Assert.Equal("-937.5", btc.Text("p2"));
        Assert.Equal("1.2385", btc.Text("p2_fee"));
        Assert.Equal("93873.85", btc.Text("break_even_price"));
    }

    [Fact]
    public void A_bnb_fee_without_a_price_is_kept_in_bnb_and_stays_out_of_net_pnl()
    {
        using var json = Replay();
        var sol = json.Position("SOLUSDT");

        Assert.Equal("long_opened", json.Fill("3001").Text("action"));
        Assert.Equal("BNB", json.Fill("3001").Text("fee_asset"));
        Assert.Equal(new Dictionary<string, string?> { ["BNB"] = "0.0095" }, sol.Amounts("fees"));
        Assert.Equal("0", sol.Text("realized_pnl"));
        Assert.Equal("0", sol.Text("net_pnl"));
        Assert.Equal("10", sol.Text("qty"));
        Assert.Equal("190.5", sol.Text("avg_entry_price"));
        Assert.Equal("190.5", sol.Text("break_even_price"));
    }

    [Fact]
    public void Totals_sum_usdt_to_realized_212_5_fees_4_9585_and_net_207_5415()
    {
        using var json = Replay();
        var usdt = json.Totals.GetProperty("USDT");

        Assert.Equal(["USDT"], json.Totals.EnumerateObject().Select(p => p.Name));
        Assert.Equal("212.5", usdt.Text("realized_pnl"));
        Assert.Equal("4.9585", usdt.Text("fees"));
        Assert.Equal("207.5415", usdt.Text("net_pnl"));
        Assert.True(usdt.IsNull("unrealized_pnl"));
    }

    [Fact]
    public void Positions_are_listed_by_symbol_and_cycles_closed_ones_first()
    {
        using var json = Replay();

        Assert.Equal(["BTCUSDT", "ETHUSDT", "SOLUSDT"], json.Positions.Select(p => p.Text("symbol")));
        Assert.Equal(
            [(Eth, 1, true), (Btc, 1, true), (Btc, 2, false), (Sol, 1, false)],
            json.Cycles.Select(c => (c.Text("key"), c.GetProperty("number").GetInt32(), c.GetProperty("closed").GetBoolean())));
    }

    [Fact]
    public void Without_marks_no_position_has_a_mark_price_or_unrealized_pnl()
    {
        using var json = Replay();

        Assert.All(json.Positions, p => Assert.True(p.IsNull("mark_price") && p.IsNull("unrealized_pnl")));
    }

    [Fact]
    public void Every_decimal_is_a_plain_string_without_an_exponent()
    {
        using var json = Replay("--mark", "BTCUSDT=96000", "--mark", "SOLUSDT=200");

        var numbers = json.AllStrings()
            .Where(s => decimal.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            .ToList();

        Assert.NotEmpty(numbers);
        Assert.All(numbers, s => Assert.Matches(PlainDecimal(), s));
    }

    [Fact]
    public void Only_line_numbers_and_counts_are_json_numbers_every_amount_is_a_string()
    {
        using var json = Replay("--mark", "BTCUSDT=96000", "--mark", "SOLUSDT=200");

        // the example has a strategy column, so the attribution arrays add their counts
        Assert.Equal(
            ["closed", "cycles", "line", "number", "position_sequence", "positions", "sl_hits", "total_contributions", "tp_hits", "wins"],
            json.NumberPropertyNames().Distinct().Order(StringComparer.Ordinal));
    }

    [GeneratedRegex(@"^-?\d+(\.\d+)?$")]
    private static partial Regex PlainDecimal();
}
