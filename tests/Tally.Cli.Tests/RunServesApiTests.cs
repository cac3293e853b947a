using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Tally.PaperExchange;

namespace Tally.Cli.Tests;

/// <summary><c>tally run</c> serves the HTTP API beside its accounts and says where.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // file modes
public sealed class RunServesApiTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Run_prints_the_api_url_reads_openly_writes_with_the_token_and_a_posted_signal_becomes_a_strategy_position()
    {
        await using var exchange = await PaperExchangeHost.StartAsync(new PaperExchangeOptions { Seed = 81 }, CancellationToken.None);
        var keys = _dir.Write("keys", $"{exchange.ApiKey}\n{exchange.ApiSecret}\n");
        File.SetUnixFileMode(keys, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var since = DateTimeOffset.UtcNow.AddDays(-1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var config = _dir.Write("tally.json", $$"""
            {"accounts": [{ "name": "bot-a", "base_url": "{{exchange.BaseAddress}}", "credentials_file": "{{keys}}", "symbols": ["ETHUSDT"], "since": "{{since}}" }],
             "api": { "port": 0, "token": "run-token" } }
            """);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await using var run = RunningTally.Start("run", "--config", config, "--db", "sqlite:" + _dir.PathOf("run.db"));

        var line = run.StdoutLine(await run.StdoutLineAsync("api: listening on http://127.0.0.1:", timeout.Token));
        var url = new Uri(line.Split(' ')[3]);
        using var http = new HttpClient { BaseAddress = url };

        using (var reads = await http.GetAsync(new Uri("api/exchange-positions", UriKind.Relative), timeout.Token))
        {
            Assert.Equal(HttpStatusCode.OK, reads.StatusCode);
            using var json = JsonDocument.Parse(await reads.Content.ReadAsStringAsync(timeout.Token));
            Assert.Equal(JsonValueKind.Array, json.RootElement.GetProperty("exchange_positions").ValueKind);
        }

        using (var openapi = await http.GetAsync(new Uri("openapi/v1.json", UriKind.Relative), timeout.Token))
        {
            Assert.Equal(HttpStatusCode.OK, openapi.StatusCode);
        }

        const string signal = """{"signal_id":"r1","strategy_id":"A","symbol":"ETHUSDT","action":"buy","confidence":"0.5","quantity":"0.01"}""";
        using (var anonymous = await http.PostAsync(new Uri("api/signals", UriKind.Relative), new StringContent(signal, Encoding.UTF8, "application/json"), timeout.Token))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
            Assert.Equal("application/problem+json", anonymous.Content.Headers.ContentType?.MediaType);
        }

        await run.StdoutLineAsync("binance-futures/bot-a: Live", timeout.Token);

        // Through the real dispatcher: tally signal → the API → an order on the paper exchange → its fill on the
        // stream → a strategy position, read back over the API. The signal names no account: the first one's.
        var posted = TallyRun.Of("signal", "--url", url.AbsoluteUri, "--token", "run-token", "--id", "r1", "--strategy", "A", "--symbol", "ETHUSDT", "--action", "buy", "--confidence", "0.5", "--quantity", "0.01");
        Assert.True(posted.ExitCode == ExitCodes.Ok, posted.Stdout + posted.Stderr);
        Assert.StartsWith("r1: accepted: ", posted.Stdout, StringComparison.Ordinal);
        var again = TallyRun.Of("signal", "--url", url.AbsoluteUri, "--token", "run-token", "--id", "r1", "--strategy", "A", "--symbol", "ETHUSDT", "--action", "buy", "--confidence", "0.5", "--quantity", "0.01");
        Assert.Equal(ExitCodes.Ok, again.ExitCode);
        Assert.EndsWith("[repeated: its first decision]\n", again.Stdout, StringComparison.Ordinal);

        await Wait.UntilAsync(
            async ct =>
            {
                using var json = JsonDocument.Parse(await http.GetStringAsync(new Uri("api/strategy-positions?status=open&strategy_id=A", UriKind.Relative), ct));
                return json.RootElement.GetProperty("strategy_positions").EnumerateArray().Any(p => p.GetProperty("open_quantity").GetString() == "0.01");
            },
            "strategy A's position of 0.01 ETHUSDT over the API",
            timeout.Token);
        using (var signals = JsonDocument.Parse(await http.GetStringAsync(new Uri("api/signals", UriKind.Relative), timeout.Token)))
        {
            var stored = Assert.Single(signals.RootElement.GetProperty("signals").EnumerateArray());
            Assert.Equal(("r1", "accepted", "bot-a"), (stored.GetProperty("signal_id").GetString(), stored.GetProperty("decision").GetString(), stored.GetProperty("account").GetString()));
        }

        Assert.Equal(ExitCodes.Ok, await run.TerminateAsync(timeout.Token));
    }

    /// <summary>
    /// DESIGN §3's worked example end to end, as the README walks it from a shell: a paper exchange in hedge mode that
    /// moves prices only by /admin/price and takes orders as small as the example's (<c>--walk-ticks 0 --min-notional 5</c>), <c>tally run</c> with POSITION_MODE=hedge, two signals with TP/SL posted over
    /// HTTP, and the take-profit and the stop-loss triggered by the exchange (its conditional orders) when the price moves.
    /// </summary>
    [Fact]
    public async Task The_worked_example_over_http_a_takes_profit_of_3_b_stops_out_at_minus_4_and_the_cycle_realizes_minus_1()
    {
        var options = new PaperExchangeOptions { Seed = 83, PositionMode = Tally.Core.PositionMode.Hedge, Symbols = [.. PaperSymbol.Defaults.Select(s => s with { MaxTicksPerStep = 0, MinNotional = 5m })] };
        await using var exchange = await PaperExchangeHost.StartAsync(options, CancellationToken.None);
        var keys = _dir.Write("keys", $"{exchange.ApiKey}\n{exchange.ApiSecret}\n");
        File.SetUnixFileMode(keys, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        // No correlated-dump exits: the example starts by moving BTCUSDT from the walk's 90,000 down to 45,000. TP and SL
        // are the exchange's alone: the monitor watching them too may send a second exit on the tick that triggers the
        // exchange's (before that fill is ingested), which the venue then fills against B's part of the position.
        var config = _dir.Write("tally.json", $$"""
            {"accounts": [{ "name": "paper", "base_url": "{{exchange.BaseAddress}}", "credentials_file": "{{keys}}", "symbols": ["BTCUSDT"] }],
             "api": { "port": 0, "token": "run-token" },
             "risk": { "correlation_leaders": [], "watch_take_profit_stop_loss": false } }
            """);
        var db = _dir.PathOf("example.db");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        using var admin = new HttpClient { BaseAddress = exchange.BaseAddress };
        await MoveAsync(admin, "45000", timeout.Token);
        await using var run = RunningTally.Start(new Dictionary<string, string> { ["POSITION_MODE"] = "hedge" }, "run", "--config", config, "--db", "sqlite:" + db);
        var url = new Uri(run.StdoutLine(await run.StdoutLineAsync("api: listening on http://127.0.0.1:", timeout.Token)).Split(' ')[3]);
        using var http = new HttpClient { BaseAddress = url };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "run-token");
        await run.StdoutLineAsync("binance-futures/paper: Live", timeout.Token);

        await PostAsync(http, """{"signal_id":"a1","strategy_id":"A","symbol":"BTCUSDT","action":"buy","confidence":0.8,"quantity":"0.001","take_profit":"48000","stop_loss":"43000"}""", timeout.Token);
        await Wait.UntilAsync(_ => Task.FromResult(exchange.Venue.OpenAlgoOrders("BTCUSDT").Count == 2), "A's TP and SL on the exchange", timeout.Token);
        await MoveAsync(admin, "46000", timeout.Token);
        await PostAsync(http, """{"signal_id":"b1","strategy_id":"B","symbol":"BTCUSDT","action":"buy","confidence":0.7,"quantity":"0.002","take_profit":"49000","stop_loss":"44000"}""", timeout.Token);
        await Wait.UntilAsync(_ => Task.FromResult(exchange.Venue.OpenAlgoOrders("BTCUSDT").Count == 4), "B's TP and SL on the exchange", timeout.Token);
        using (var built = await GetAsync(http, "api/exchange-positions", timeout.Token))
        {
            var key = Assert.Single(built.RootElement.GetProperty("exchange_positions").EnumerateArray());
            Assert.Equal(("BTCUSDT_LONG", 0.003m, 45_666.67m, 2), (key.GetProperty("exchange_position_key").GetString(), Number(key, "current_quantity"), Math.Round(Number(key, "weighted_avg_price"), 2), key.GetProperty("total_contributions").GetInt32()));
        }

        // 48,000: A's take-profit triggers on the exchange (its stop is cancelled); B keeps its own TP and SL.
        await MoveAsync(admin, "48000", timeout.Token);
        await Wait.UntilAsync(async ct => await StatusAsync(http, "A", ct) == "closed", "A closed", timeout.Token);
        Assert.Equal("open", await StatusAsync(http, "B", timeout.Token));

        // 44,000: B's stop.
        await MoveAsync(admin, "44000", timeout.Token);
        await Wait.UntilAsync(async ct => await StatusAsync(http, "B", ct) == "closed", "B closed", timeout.Token);

        using (var closed = await GetAsync(http, "api/strategy-positions?status=closed", timeout.Token))
        {
            exchange.Venue.TryGetTrades(new TradeQuery("BTCUSDT", null, null, null, null, 100), out var trades);
            Assert.True(trades.Count == 4, $"{closed.RootElement}\n{string.Join('\n', trades)}\n{run.Stderr}");
            var positions = closed.RootElement.GetProperty("strategy_positions").EnumerateArray().OrderBy(p => p.GetProperty("strategy_id").GetString()).ToList();
            Assert.Equal(
                [("A", "take_profit", 45_000m, 48_000m, 3m, 6.67m), ("B", "stop_loss", 46_000m, 44_000m, -4m, -4.35m)],
                positions.Select(p => (p.GetProperty("strategy_id").GetString(), p.GetProperty("close_reason").GetString(), Number(p, "entry_price"), Number(p, "exit_price"), Number(p, "realized_pnl"), Math.Round(Number(p, "realized_pnl_pct"), 2))));
        }

        using (var contributions = await GetAsync(http, "api/contributions?exchange_position_key=BTCUSDT_LONG", timeout.Token))
        {
            var rows = contributions.RootElement.GetProperty("contributions").EnumerateArray().OrderBy(c => c.GetProperty("position_sequence").GetInt32()).ToList();
            Assert.Equal(
                [(1, "A", 0.001m, 3m, "take_profit"), (2, "B", 0.002m, -4m, "stop_loss")],
                rows.Select(c => (c.GetProperty("position_sequence").GetInt32(), c.GetProperty("strategy_id").GetString(), Number(c, "contribution_quantity"), Number(c, "contribution_pnl"), c.GetProperty("close_reason").GetString())));
            Assert.Equal(-1m, rows.Sum(c => Number(c, "contribution_pnl")));
        }

        using (var strategies = await GetAsync(http, "api/strategies", timeout.Token))
        {
            var rows = strategies.RootElement.GetProperty("strategies").EnumerateArray().ToDictionary(s => s.GetProperty("strategy_id").GetString()!);
            Assert.Equal((1, 0), (rows["A"].GetProperty("tp_hits").GetInt32(), rows["A"].GetProperty("sl_hits").GetInt32()));
            Assert.Equal((0, 1), (rows["B"].GetProperty("tp_hits").GetInt32(), rows["B"].GetProperty("sl_hits").GetInt32()));
        }

        Assert.Equal(ExitCodes.Ok, await run.TerminateAsync(timeout.Token));

        // The ledger agrees: the cycle of BTCUSDT LONG realized 2.33 − 3.33 = −1.00.
        var ledger = TallyRun.Of("positions", "--db", "sqlite:" + db, "--json");
        Assert.True(ledger.ExitCode == ExitCodes.Ok, ledger.Stderr);
        using var json = JsonDocument.Parse(ledger.Stdout);
        var position = Assert.Single(json.RootElement.GetProperty("positions").EnumerateArray());
        Assert.Equal(("LONG", -1m), (position.GetProperty("position_side").GetString(), Number(position, "realized_pnl")));
    }

    private static async Task MoveAsync(HttpClient admin, string price, CancellationToken cancellationToken)
    {
        using var moved = await admin.PostAsync(new Uri($"admin/price?symbol=BTCUSDT&price={price}", UriKind.Relative), null, cancellationToken);
        Assert.Equal(HttpStatusCode.OK, moved.StatusCode);
    }

    private static async Task PostAsync(HttpClient http, string signal, CancellationToken cancellationToken)
    {
        using var posted = await http.PostAsync(new Uri("api/signals", UriKind.Relative), new StringContent(signal, Encoding.UTF8, "application/json"), cancellationToken);
        var body = await posted.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(posted.IsSuccessStatusCode, body);
        using var json = JsonDocument.Parse(body);
        Assert.True(json.RootElement.GetProperty("decision").GetString() == "accepted", body);
    }

    private static async Task<JsonDocument> GetAsync(HttpClient http, string path, CancellationToken cancellationToken) =>
        JsonDocument.Parse(await http.GetStringAsync(new Uri(path, UriKind.Relative), cancellationToken));

    private static async Task<string?> StatusAsync(HttpClient http, string strategy, CancellationToken cancellationToken)
    {
        using var json = await GetAsync(http, $"api/strategy-positions?status=all&strategy_id={strategy}", cancellationToken);
        return json.RootElement.GetProperty("strategy_positions").EnumerateArray().Select(p => p.GetProperty("status").GetString()).SingleOrDefault();
    }

    private static decimal Number(JsonElement element, string field) =>
        decimal.Parse(element.GetProperty(field).GetString()!, NumberStyles.Number, CultureInfo.InvariantCulture);
}
