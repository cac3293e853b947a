using System.Net;
using System.Text;
using System.Text.Json;
using Tally.PaperExchange;
using Tally.PaperExchange.Spot;

namespace Tally.Cli.Tests;

/// <summary>
/// <c>tally run</c> with a spot account on the paper exchange: spot has no conditional orders, so the risk monitor
/// watches the entry's take-profit on the spot market stream and sends the exit itself.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // file modes
public sealed class RunSpotMonitorTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task A_spot_entrys_take_profit_reached_on_the_spot_stream_is_closed_by_the_monitors_market_sell_with_reason_take_profit()
    {
        // No price walk: only /admin/spot/price moves BTCUSDT (from 90,000). No fee: a buy's fee in BTC would leave the
        // position holding 0.000999, which the exit's market sell cannot carry at BTCUSDT's step of 0.00001.
        var spot = new SpotOptions { Symbols = [.. SpotOptions.DefaultSymbols.Select(s => s with { MaxTicksPerStep = 0 })], TakerFeeRate = 0m, MakerFeeRate = 0m };
        var options = new PaperExchangeOptions { Seed = 91, Spot = spot };
        await using var exchange = await PaperExchangeHost.StartAsync(options, CancellationToken.None);
        var keys = _dir.Write("keys", $"{exchange.ApiKey}\n{exchange.ApiSecret}\n");
        File.SetUnixFileMode(keys, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var config = _dir.Write("tally.json", $$"""
            {"accounts": [{ "name": "spot-a", "market": "spot", "base_url": "{{exchange.BaseAddress}}", "credentials_file": "{{keys}}", "symbols": ["BTCUSDT"] }],
             "api": { "port": 0, "token": "run-token" },
             "risk": { "correlation_leaders": [] } }
            """);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await using var run = RunningTally.Start("run", "--config", config, "--db", "sqlite:" + _dir.PathOf("spot.db"));
        var url = new Uri(run.StdoutLine(await run.StdoutLineAsync("api: listening on http://127.0.0.1:", timeout.Token)).Split(' ')[3]);
        using var http = new HttpClient { BaseAddress = url };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "run-token");
        await run.StdoutLineAsync("binance-spot/spot-a: Live", timeout.Token);

        // Entries wait for the monitor's start (its gate); then a buy with a take-profit at 92,000.
        var attempt = 0;
        await Wait.UntilAsync(
            async ct => await PostAsync(http, $$"""{"signal_id":"e{{++attempt}}","strategy_id":"A","symbol":"BTCUSDT","action":"buy","confidence":0.8,"quantity":"0.001","take_profit":"92000","stop_loss":"80000"}""", ct) == "accepted",
            "an accepted spot entry",
            timeout.Token);
        await Wait.UntilAsync(async ct => await StatusAsync(http, ct) == ("open", null), "the spot position opens", timeout.Token);
        await Wait.UntilAsync(async ct => (await http.GetStringAsync(new Uri("api/risk", UriKind.Relative), ct)).Contains("\"BTCUSDT\"", StringComparison.Ordinal), "the monitor tracks it", timeout.Token);

        // Trades on the spot tape at 92,500: the monitor's TP (the venue holds none) → a market sell → closed take_profit.
        using var admin = new HttpClient { BaseAddress = exchange.BaseAddress };
        var polls = 0;
        var closing = Wait.UntilAsync(
            async ct =>
            {
                // A trade now and then: the monitor subscribes to the spot market once the position opened.
                if (polls++ % 50 == 0)
                {
                    using var moved = await admin.PostAsync(new Uri("admin/spot/price?symbol=BTCUSDT&price=92500", UriKind.Relative), null, ct);
                    Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
                }

                return await StatusAsync(http, ct) == ("closed", "take_profit");
            },
            "the monitor closes it at its take-profit",
            timeout.Token);
        var closed = await Record.ExceptionAsync(() => closing);
        Assert.True(closed is null, $"{closed?.Message}\n{run.Stderr}");

        using (var events = JsonDocument.Parse(await http.GetStringAsync(new Uri("api/events", UriKind.Relative), timeout.Token)))
        {
            Assert.Contains(
                events.RootElement.GetProperty("events").EnumerateArray(),
                e => e.GetProperty("type").GetString() == "ForceExitRequired" && e.GetProperty("reason").GetString() == "take_profit");
        }

        Assert.Equal(ExitCodes.Ok, await run.TerminateAsync(timeout.Token));
    }

    private static async Task<string?> PostAsync(HttpClient http, string signal, CancellationToken cancellationToken)
    {
        using var posted = await http.PostAsync(new Uri("api/signals", UriKind.Relative), new StringContent(signal, Encoding.UTF8, "application/json"), cancellationToken);
        var body = await posted.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(posted.IsSuccessStatusCode, body);
        using var json = JsonDocument.Parse(body);
        return json.RootElement.GetProperty("decision").GetString();
    }

    private static async Task<(string? Status, string? Reason)> StatusAsync(HttpClient http, CancellationToken cancellationToken)
    {
        using var json = JsonDocument.Parse(await http.GetStringAsync(new Uri("api/strategy-positions?status=all&strategy_id=A", UriKind.Relative), cancellationToken));
        var positions = json.RootElement.GetProperty("strategy_positions").EnumerateArray().ToList();
        return positions is [var p]
            ? (p.GetProperty("status").GetString(), p.TryGetProperty("close_reason", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null)
            : (null, null);
    }
}
