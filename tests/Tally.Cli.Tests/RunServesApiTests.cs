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
}
