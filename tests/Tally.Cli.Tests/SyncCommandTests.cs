using System.Globalization;
using Tally.Core;
using Tally.Exchanges.Binance;
using Tally.Exchanges.Binance.Client;
using Tally.PaperExchange;

namespace Tally.Cli.Tests;

/// <summary><c>tally sync</c> against the paper exchange on 127.0.0.1: the log ends equal to the exchange.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // file modes are the point of one test
public sealed class SyncCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Sync_back_fills_every_trade_and_the_positions_equal_the_exchange_then_stores_nothing_new()
    {
        await using var exchange = await PaperExchangeHost.StartAsync(new PaperExchangeOptions { Seed = 21 }, CancellationToken.None);
        using var http = new HttpClient { BaseAddress = exchange.BaseAddress };
        var client = new BinanceFuturesClient(http, exchange.ApiKey, new BinanceSigner(exchange.ApiSecret), TimeProvider.System);
        var random = new Random(21);
        string[] symbols = ["BTCUSDT", "ETHUSDT", "SOLUSDT"];
        decimal[] sizes = [0.003m, 0.05m, 1m];
        for (var i = 0; i < 60; i++)
        {
            var s = random.Next(symbols.Length);
            await client.PlaceOrderAsync(
                new BinanceOrderRequest(symbols[s], random.Next(2) == 0 ? Side.Buy : Side.Sell, BinanceOrderType.Market, sizes[s] * random.Next(1, 4), $"cli-{i}"),
                CancellationToken.None);
        }

        var credentials = _dir.Write("keys", $"{exchange.ApiKey}\n{exchange.ApiSecret}\n");
        File.SetUnixFileMode(credentials, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var db = "sqlite:" + _dir.PathOf("sync.db");
        string[] sync = ["sync", "--base-url", exchange.BaseAddress.ToString(), "--symbols", string.Join(',', symbols), "--credentials", credentials, "--db", db, "--since", DateTimeOffset.UtcNow.AddDays(-1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)];

        var first = TallyRun.Of(sync);
        Assert.True(first.ExitCode == ExitCodes.Ok, first.Stderr);
        Assert.Contains("sync: stored 60, already present 0, quarantined 0", first.Stdout, StringComparison.Ordinal);

        var positions = TallyRun.Of("positions", "--db", db, "--json").Json();
        foreach (var risk in await client.GetPositionRiskAsync(null, CancellationToken.None))
        {
            var local = positions.Positions.SingleOrDefault(p => p.GetProperty("symbol").GetString() == risk.Symbol);
            var localQty = local.ValueKind == System.Text.Json.JsonValueKind.Undefined
                ? 0m
                : decimal.Parse(local.GetProperty("signed_qty").GetString()!, CultureInfo.InvariantCulture);
            Assert.Equal(risk.PositionAmount, localQty);
        }

        var second = TallyRun.Of(sync);
        Assert.Equal(ExitCodes.Ok, second.ExitCode);
        Assert.Contains("sync: stored 0, already present 0, quarantined 0", second.Stdout, StringComparison.Ordinal);
        // Wall-clock exchange: whether a funding time passed is not ours to choose, but a second pass stores none.
        Assert.Contains("funding (one-way): stored 0, ", second.Stdout, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, TallyRun.Of("verify", "--db", db).ExitCode);
    }

    [Fact]
    public async Task Sync_killed_with_sigkill_at_random_moments_loses_and_duplicates_nothing()
    {
        await using var exchange = await PaperExchangeHost.StartAsync(
            new PaperExchangeOptions { Seed = 33, OrdersPer10Seconds = 1_000_000, OrdersPerMinute = 1_000_000 }, CancellationToken.None);
        using var http = new HttpClient { BaseAddress = exchange.BaseAddress };
        var client = new BinanceFuturesClient(http, exchange.ApiKey, new BinanceSigner(exchange.ApiSecret), TimeProvider.System);
        var random = new Random(33);
        string[] symbols = ["BTCUSDT", "ETHUSDT", "SOLUSDT"];
        decimal[] sizes = [0.003m, 0.05m, 1m];
        var placed = 0;
        async Task PlaceAsync(int count)
        {
            for (var i = 0; i < count; i++, placed++)
            {
                var s = random.Next(symbols.Length);
                await client.PlaceOrderAsync(
                    new BinanceOrderRequest(symbols[s], random.Next(2) == 0 ? Side.Buy : Side.Sell, BinanceOrderType.Market, sizes[s] * random.Next(1, 4), $"kill-{placed}"),
                    CancellationToken.None);
            }
        }

        await PlaceAsync(300);
        var credentials = _dir.Write("keys", $"{exchange.ApiKey}\n{exchange.ApiSecret}\n");
        File.SetUnixFileMode(credentials, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var db = "sqlite:" + _dir.PathOf("killed.db");
        var since = DateTimeOffset.UtcNow.AddDays(-1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        string[] sync = ["sync", "--base-url", exchange.BaseAddress.ToString(), "--symbols", string.Join(',', symbols), "--credentials", credentials, "--db", db, "--since", since, "--page-limit", "20"];

        // Each round the exchange has new trades, so every kill lands in real work (start-up, paging, a commit).
        for (var kill = 0; kill < 10; kill++)
        {
            await PlaceAsync(120);
            await TallyProcess.RunAndKillAsync(TimeSpan.FromMilliseconds(random.Next(150, 1200)), sync);
            var verify = await TallyProcess.RunAsync("verify", "--db", db);
            Assert.True(verify.ExitCode == 0, $"verify after kill {kill}: {verify.Output}{verify.Error}");
        }

        var last = await TallyProcess.RunAsync(sync);
        Assert.True(last.ExitCode == 0, last.Error);
        await using var store = await Tally.Storage.FillStores.OpenAsync(db, CancellationToken.None);
        Assert.Equal(placed, await store.CountFillsAsync(CancellationToken.None)); // one trade per MARKET order, each stored once
        var checkpoints = await store.ReadCheckpointsAsync(CancellationToken.None);
        Assert.Equal(symbols.Order(StringComparer.Ordinal), checkpoints.Select(c => c.Symbol).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Sync_follow_back_fills_then_stores_new_fills_from_the_stream()
    {
        await using var exchange = await PaperExchangeHost.StartAsync(new PaperExchangeOptions { Seed = 44 }, CancellationToken.None);
        using var http = new HttpClient { BaseAddress = exchange.BaseAddress };
        var client = new BinanceFuturesClient(http, exchange.ApiKey, new BinanceSigner(exchange.ApiSecret), TimeProvider.System);
        for (var i = 0; i < 20; i++)
        {
            await client.PlaceOrderAsync(new BinanceOrderRequest("ETHUSDT", i % 3 == 0 ? Side.Sell : Side.Buy, BinanceOrderType.Market, 0.05m, $"f-{i}"), CancellationToken.None);
        }

        var credentials = _dir.Write("keys", $"{exchange.ApiKey}\n{exchange.ApiSecret}\n");
        File.SetUnixFileMode(credentials, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var db = "sqlite:" + _dir.PathOf("follow.db");
        var since = DateTimeOffset.UtcNow.AddDays(-1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var (_, stop) = await TallyProcess.RunUntilAsync(
            "stream: Live", timeout.Token, "sync", "--follow", "--base-url", exchange.BaseAddress.ToString(), "--symbols", "ETHUSDT", "--credentials", credentials, "--db", db, "--since", since);
        await using (stop)
        {
            for (var i = 20; i < 35; i++)
            {
                await client.PlaceOrderAsync(new BinanceOrderRequest("ETHUSDT", Side.Buy, BinanceOrderType.Market, 0.05m, $"f-{i}"), CancellationToken.None);
            }

            // The stream delivers the new fills; wait (bounded) until the log holds all 35.
            await using var store = await Tally.Storage.FillStores.OpenAsync(db, CancellationToken.None);
            await Wait.UntilAsync(async ct => await store.CountFillsAsync(ct) >= 35, "35 fills in the log", timeout.Token);
        }

        Assert.Equal(ExitCodes.Ok, TallyRun.Of("verify", "--db", db).ExitCode);
        var risk = Assert.Single(await client.GetPositionRiskAsync("ETHUSDT", CancellationToken.None));
        var position = Assert.Single(TallyRun.Of("positions", "--db", db, "--json").Json().Positions);
        Assert.Equal(risk.PositionAmount, decimal.Parse(position.GetProperty("signed_qty").GetString()!, CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Credentials_readable_by_others_are_refused()
    {
        var credentials = _dir.Write("keys", "k\ns\n");
        File.SetUnixFileMode(credentials, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        var run = TallyRun.Of("sync", "--base-url", "http://127.0.0.1:9/", "--symbols", "BTCUSDT", "--credentials", credentials);
        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Equal([$"--credentials: {credentials} may be read by others; chmod 600 it first"], run.StderrLines);
        Assert.DoesNotContain("k\n", run.Stdout + run.Stderr, StringComparison.Ordinal);
    }

    public void Dispose() => _dir.Dispose();
}
