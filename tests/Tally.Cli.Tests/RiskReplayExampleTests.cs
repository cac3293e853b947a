using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;

namespace Tally.Cli.Tests;

/// <summary>
/// The README's example: <c>examples/risk</c> — ticks made from LEAN's real Coinbase minute bars of 2018-04-04
/// (BTC, ETH, LTC from 08:00 UTC), six strategies' fills and a risk.json.
/// </summary>
public sealed class RiskReplayExampleTests
{
    private static readonly (string Symbol, string Folder)[] Sources = [("BTCUSD", "btcusd"), ("ETHUSD", "ethusd"), ("LTCUSD", "ltcusd")];

    [Fact]
    public void The_example_replays_with_trailing_stop_and_dump_exits_and_skips_the_exit_the_rules_preempted()
    {
        var run = TallyRun.Of(
            "risk", "replay",
            "--prices", RepositoryFiles.Example("risk", "ticks-2018-04-04.csv"),
            "--fills", RepositoryFiles.Example("risk", "fills-2018-04-04.csv"),
            "--config", RepositoryFiles.Example("risk", "risk.json"),
            "--balance", "20000",
            "--json");
        Assert.True(run.ExitCode == ExitCodes.Ok, run.Stderr);
        using var json = JsonDocument.Parse(run.Stdout);
        var root = json.RootElement;

        Assert.Equal(
            [("T1", "trailing_stop", "7281"), ("A2", "trailing_stop", "129.06"), ("S1", "dump", "129.52"), ("A1", "trailing_stop", "402.39"),
             ("W1", "dump", "401.17"), ("D1", "dump", "7051.99"), ("A3", "dump", "120.98"), ("A4", "trailing_stop", "380.26")],
            root.GetProperty("exits").EnumerateArray().Select(e => (e.Text("strategy_position_id")!, e.Text("reason")!, e.Text("price")!)));
        Assert.Equal(10, Assert.Single(root.GetProperty("adjusted_fills").EnumerateArray()).GetProperty("line").GetInt32());
        Assert.All(root.GetProperty("positions").EnumerateArray(), p => Assert.Equal("closed", p.Text("status")));
        Assert.Equal("19860.389", root.GetProperty("summary").Text("wallet"));
        Assert.Equal(string.Empty, run.Stderr);
    }

    [FixtureFact(SharedFolder.LeanData)]
    public void The_example_ticks_are_made_from_the_real_lean_bars_as_the_readme_says()
    {
        // Each minute bar from 08:00 becomes four ticks: open at :00, then low and high (a rising bar) or high and
        // low (a falling one) at :15 and :30, and the close at :45 carrying the bar's volume as taker BUY (rising)
        // or SELL (falling) — an approximation: LEAN's trade bars have no taker split.
        var rows = new List<(long Ms, int Source, string Line)>();
        for (var s = 0; s < Sources.Length; s++)
        {
            var (symbol, folder) = Sources[s];
            using var zip = ZipFile.OpenRead(SharedFolder.PathOf(SharedFolder.LeanData, "crypto", "coinbase", "minute", folder, "20180404_trade.zip"));
            using var reader = new StreamReader(zip.Entries[0].Open());
            while (reader.ReadLine() is { } line)
            {
                if (line.Length == 0)
                {
                    continue;
                }

                var f = line.Split(',');
                var ms = long.Parse(f[0], CultureInfo.InvariantCulture);
                if (ms < 8 * 3_600_000)
                {
                    continue;
                }

                var rising = decimal.Parse(f[4], CultureInfo.InvariantCulture) >= decimal.Parse(f[1], CultureInfo.InvariantCulture);
                string[] path = rising ? [f[1], f[3], f[2]] : [f[1], f[2], f[3]];
                for (var k = 0; k < 3; k++)
                {
                    rows.Add((ms + (k * 15_000), s, $"{Time(ms + (k * 15_000))},{symbol},{path[k]},,"));
                }

                rows.Add((ms + 45_000, s, $"{Time(ms + 45_000)},{symbol},{f[4]},{f[5]},{(rising ? "BUY" : "SELL")}"));
            }
        }

        var expected = new StringBuilder("ts,symbol,price,qty,side\n");
        foreach (var row in rows.OrderBy(r => r.Ms).ThenBy(r => r.Source))
        {
            expected.Append(row.Line).Append('\n');
        }

        Assert.Equal(expected.ToString(), File.ReadAllText(RepositoryFiles.Example("risk", "ticks-2018-04-04.csv")));
    }

    private static string Time(long ms) =>
        new DateTimeOffset(2018, 4, 4, 0, 0, 0, TimeSpan.Zero).AddMilliseconds(ms).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
