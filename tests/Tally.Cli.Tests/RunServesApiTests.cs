using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
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
    public async Task Run_prints_the_api_url_and_answers_reads_openly_and_writes_only_with_the_token()
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

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("api/signals", UriKind.Relative)) { Content = new StringContent(signal, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", "run-token");
        using (var authorized = await http.SendAsync(request, timeout.Token))
        {
            Assert.NotEqual(HttpStatusCode.Unauthorized, authorized.StatusCode);
        }

        Assert.Equal(ExitCodes.Ok, await run.TerminateAsync(timeout.Token));
    }
}
