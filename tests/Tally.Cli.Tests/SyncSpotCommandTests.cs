using System.Globalization;
using Tally.Core;
using Tally.Exchanges.Binance;
using Tally.Exchanges.Binance.Client;
using Tally.PaperExchange;

namespace Tally.Cli.Tests;

/// <summary><c>tally sync --market spot</c> against the paper exchange's spot side on 127.0.0.1.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // the credentials file must be owner-only
public sealed class SyncSpotCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task Spot_sync_stores_every_trade_as_spot_and_the_holdings_equal_the_balances_then_stores_nothing_new()
    {
        await using var exchange = await PaperExchangeHost.StartAsync(new PaperExchangeOptions { Seed = 5 }, CancellationToken.None);
        using var http = new HttpClient { BaseAddress = exchange.BaseAddress };
        var client = new BinanceSpotClient(http, exchange.ApiKey, new BinanceSigner(exchange.ApiSecret), TimeProvider.System);
        var random = new Random(5);
        (string Symbol, string Base, decimal Size)[] markets = [("BTCUSDT", "BTC", 0.0002m), ("ETHUSDT", "ETH", 0.005m)];
        for (var i = 0; i < 30; i++)
        {
            var (symbol, _, size) = markets[random.Next(markets.Length)];
            var placed = await client.PlaceOrderAsync(
                new BinanceSpotOrderRequest(symbol, random.Next(2) == 0 ? Side.Buy : Side.Sell, BinanceSpotOrderType.Market, size * random.Next(1, 4), $"spot-{i}"),
                CancellationToken.None);
            Assert.Equal("FILLED", placed.Status);
        }

        var credentials = _dir.Write("keys", $"{exchange.ApiKey}\n{exchange.ApiSecret}\n");
        File.SetUnixFileMode(credentials, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var db = "sqlite:" + _dir.PathOf("spot.db");
        string[] sync = ["sync", "--market", "spot", "--base-url", exchange.BaseAddress.ToString(), "--symbols", "BTCUSDT,ETHUSDT", "--credentials", credentials, "--db", db];

        var first = TallyRun.Of(sync);
        Assert.True(first.ExitCode == ExitCodes.Ok, first.Stderr);
        Assert.Contains("sync: stored 30, already present 0, quarantined 0", first.Stdout, StringComparison.Ordinal);

        var account = await client.GetAccountAsync(CancellationToken.None);
        var positions = TallyRun.Of("positions", "--db", db, "--json").Json();
        foreach (var (symbol, baseAsset, _) in markets)
        {
            var local = positions.Positions.Single(p => p.GetProperty("symbol").GetString() == symbol);
            Assert.Equal("spot", local.GetProperty("kind").GetString());
            Assert.Equal("binance-spot", local.GetProperty("venue").GetString());
            var balance = account.Balances.Single(b => b.Asset == baseAsset);
            var held = decimal.Parse(local.GetProperty("signed_qty").GetString()!, CultureInfo.InvariantCulture);
            Assert.Equal(balance.Free + balance.Locked - exchange.SpotVenue.Options.InitialBalances[baseAsset], held);
        }

        var second = TallyRun.Of(sync);
        Assert.Equal(ExitCodes.Ok, second.ExitCode);
        Assert.Contains("sync: stored 0, already present 0, quarantined 0", second.Stdout, StringComparison.Ordinal);
        Assert.Equal(ExitCodes.Ok, TallyRun.Of("verify", "--db", db).ExitCode);
    }

    [Fact]
    public async Task Spot_sync_follow_back_fills_then_stores_new_fills_from_the_web_socket_api_subscription()
    {
        await using var exchange = await PaperExchangeHost.StartAsync(new PaperExchangeOptions { Seed = 45 }, CancellationToken.None);
        using var http = new HttpClient { BaseAddress = exchange.BaseAddress };
        var client = new BinanceSpotClient(http, exchange.ApiKey, new BinanceSigner(exchange.ApiSecret), TimeProvider.System);
        for (var i = 0; i < 10; i++)
        {
            await client.PlaceOrderAsync(new BinanceSpotOrderRequest("ETHUSDT", i % 3 == 0 ? Side.Sell : Side.Buy, BinanceSpotOrderType.Market, 0.05m, $"f-{i}"), CancellationToken.None);
        }

        var credentials = _dir.Write("keys", $"{exchange.ApiKey}\n{exchange.ApiSecret}\n");
        File.SetUnixFileMode(credentials, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var db = "sqlite:" + _dir.PathOf("follow.db");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var (_, stop) = await TallyProcess.RunUntilAsync(
            "stream: Live", timeout.Token, "sync", "--market", "spot", "--follow", "--base-url", exchange.BaseAddress.ToString(), "--symbols", "ETHUSDT", "--credentials", credentials, "--db", db);
        await using (stop)
        {
            for (var i = 10; i < 20; i++)
            {
                await client.PlaceOrderAsync(new BinanceSpotOrderRequest("ETHUSDT", Side.Buy, BinanceSpotOrderType.Market, 0.05m, $"f-{i}"), CancellationToken.None);
            }

            // The subscription delivers the new fills; wait (bounded) until the log holds all 20.
            await using var store = await Tally.Storage.FillStores.OpenAsync(db, CancellationToken.None);
            await Wait.UntilAsync(async ct => await store.CountFillsAsync(ct) >= 20, "20 fills in the log", timeout.Token);
        }

        Assert.Equal(ExitCodes.Ok, TallyRun.Of("verify", "--db", db).ExitCode);
        var account = await client.GetAccountAsync(CancellationToken.None);
        var eth = account.Balances.Single(b => b.Asset == "ETH");
        var position = Assert.Single(TallyRun.Of("positions", "--db", db, "--json").Json().Positions);
        Assert.Equal(eth.Free + eth.Locked - 100m, decimal.Parse(position.GetProperty("signed_qty").GetString()!, CultureInfo.InvariantCulture));
    }

    [Fact]
    public void An_unknown_market_is_bad_input_named_on_one_line()
    {
        var run = TallyRun.Of("sync", "--market", "options", "--base-url", "http://127.0.0.1:9/", "--symbols", "BTCUSDT", "--db", "sqlite:" + _dir.PathOf("x.db"));

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Equal("--market: \"options\" is not futures or spot", run.Stderr.Trim());
        Assert.Empty(run.Stdout);
    }

    public void Dispose() => _dir.Dispose();
}
