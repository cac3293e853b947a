using System.Globalization;
using Tally.Core;
using Tally.Exchanges.Binance;
using Tally.Exchanges.Binance.Client;
using Tally.PaperExchange;

namespace Tally.Cli.Tests;

/// <summary>The long-running commands as a service manager sees them: SIGTERM, logs on stderr.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // SIGTERM and file modes
public sealed class RunHostTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly List<HttpClient> _clients = [];

    [Fact]
    public async Task Run_stops_on_SIGTERM_within_the_hosts_timeout_with_exit_code_0_and_keeps_every_fill()
    {
        await using var exchange = await PaperExchangeHost.StartAsync(new PaperExchangeOptions { Seed = 73 }, CancellationToken.None);
        var client = await PlaceAsync(exchange, 5);
        var keys = Keys(exchange);
        var since = DateTimeOffset.UtcNow.AddDays(-1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var config = _dir.Write("tally.json", $$"""{"accounts": [{ "name": "bot-a", "base_url": "{{exchange.BaseAddress}}", "credentials_file": "{{keys}}", "symbols": ["ETHUSDT"], "since": "{{since}}" }], "api": { "port": 0 } }""");
        var db = "sqlite:" + _dir.PathOf("run.db");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await using var run = RunningTally.Start("run", "--config", config, "--db", db);
        await run.StdoutLineAsync("binance-futures/bot-a: Live", timeout.Token);

        var stopping = DateTimeOffset.UtcNow;
        var exit = await run.TerminateAsync(timeout.Token);

        Assert.True(exit == ExitCodes.Ok, run.Stderr);
        Assert.True(DateTimeOffset.UtcNow - stopping < Tally.Cli.Commands.RunCommand.ShutdownTimeout, "stopped within the host's shutdown timeout");
        Assert.Equal(ExitCodes.Ok, TallyRun.Of("verify", "--db", db).ExitCode);
        var positions = TallyRun.Of("positions", "--db", db, "--json").Json().Positions;
        var risk = Assert.Single(await client.GetPositionRiskAsync("ETHUSDT", CancellationToken.None));
        Assert.Equal(risk.PositionAmount, decimal.Parse(Assert.Single(positions).GetProperty("signed_qty").GetString()!, CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Sync_follow_logs_a_reconnect_on_stderr_and_goes_live_again()
    {
        await using var exchange = await PaperExchangeHost.StartAsync(new PaperExchangeOptions { Seed = 74 }, CancellationToken.None);
        await PlaceAsync(exchange, 3);
        var keys = Keys(exchange);
        var db = "sqlite:" + _dir.PathOf("follow.db");
        var since = DateTimeOffset.UtcNow.AddDays(-1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var sync = RunningTally.Start("sync", "--follow", "--base-url", exchange.BaseAddress.ToString(), "--symbols", "ETHUSDT", "--credentials", keys, "--db", db, "--since", since);
        var live = await sync.StdoutLineAsync("stream: Live", timeout.Token);

        using (var admin = new HttpClient { BaseAddress = exchange.BaseAddress })
        using (var response = await admin.PostAsync(new Uri("admin/stream-faults?kind=disconnect&count=1", UriKind.Relative), null, timeout.Token))
        {
            response.EnsureSuccessStatusCode();
        }

        // The fault hits the next event: an order makes one.
        await PlaceAsync(exchange, 1);
        await sync.StderrLineAsync("binance-futures/default user-data stream ended; reconnecting", timeout.Token);
        await sync.StdoutLineAsync("stream: Live", timeout.Token, after: live + 1);
        Assert.Equal(ExitCodes.Ok, await sync.TerminateAsync(timeout.Token));
    }

    public void Dispose()
    {
        foreach (var http in _clients)
        {
            http.Dispose();
        }

        _dir.Dispose();
    }

    private async Task<BinanceFuturesClient> PlaceAsync(PaperExchangeHost exchange, int orders)
    {
        var http = new HttpClient { BaseAddress = exchange.BaseAddress };
        _clients.Add(http);
        var client = new BinanceFuturesClient(http, exchange.ApiKey, new BinanceSigner(exchange.ApiSecret), TimeProvider.System);
        for (var i = 0; i < orders; i++)
        {
            await client.PlaceOrderAsync(new BinanceOrderRequest("ETHUSDT", Side.Buy, BinanceOrderType.Market, 0.05m, $"o-{Guid.NewGuid():N}"[..20]), CancellationToken.None);
        }

        return client;
    }

    private string Keys(PaperExchangeHost exchange)
    {
        var keys = _dir.Write($"{exchange.BaseAddress.Port}.keys", $"{exchange.ApiKey}\n{exchange.ApiSecret}\n");
        File.SetUnixFileMode(keys, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        return keys;
    }
}
