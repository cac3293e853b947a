using System.Globalization;
using Tally.Core;
using Tally.Exchanges.Binance;
using Tally.Exchanges.Binance.Client;
using Tally.PaperExchange;
using Tally.Workloads;

namespace Tally.Cli.Tests;

/// <summary>
/// <c>tally run</c> following an account while <c>tally import</c> adds fills to the same account and symbol, on
/// one store: both processes write, neither folds on positions the other has moved, and <c>tally verify</c> agrees.
/// Twenty trials on each store.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // the credentials file must be owner-only
public sealed class RunBesideImportTests : IDisposable
{
    private const int Imported = 600;
    private const int Trials = 20;

    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task On_sqlite_an_import_beside_a_running_follower_leaves_positions_equal_to_a_replay()
    {
        for (var trial = 0; trial < Trials; trial++)
        {
            await ImportBesideRunAsync("sqlite:" + _dir.PathOf($"run{trial}.db"), seed: 81 + trial);
        }
    }

    [Fact]
    public async Task On_postgres_an_import_beside_a_running_follower_leaves_positions_equal_to_a_replay()
    {
        for (var trial = 0; trial < Trials; trial++)
        {
            await using var database = await TestPostgres.CreateDatabaseAsync();
            await ImportBesideRunAsync(database.Url, seed: 181 + trial);
        }
    }

    private async Task ImportBesideRunAsync(string db, int seed)
    {
        await using var exchange = await PaperExchangeHost.StartAsync(new PaperExchangeOptions { Seed = seed }, CancellationToken.None);
        using var http = new HttpClient { BaseAddress = exchange.BaseAddress };
        var client = new BinanceFuturesClient(http, exchange.ApiKey, new BinanceSigner(exchange.ApiSecret), TimeProvider.System);
        for (var i = 0; i < 5; i++)
        {
            await client.PlaceOrderAsync(new BinanceOrderRequest("ETHUSDT", Side.Buy, BinanceOrderType.Market, 0.05m, $"pre-{i}"), CancellationToken.None);
        }

        var keys = _dir.Write($"a{seed}.keys", $"{exchange.ApiKey}\n{exchange.ApiSecret}\n");
        File.SetUnixFileMode(keys, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var since = DateTimeOffset.UtcNow.AddDays(-1);
        var config = _dir.Write($"tally{seed}.json", $$"""
            {"accounts": [
              { "name": "bot-a", "base_url": "{{exchange.BaseAddress}}", "credentials_file": "{{keys}}", "symbols": ["ETHUSDT"], "since": "{{since.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)}}" }
            ], "api": { "port": 0 } }
            """);

        // Fills of the same account and symbol from another source, timed among the venue's: their keys re-fold.
        var imported = SyntheticFills.Generate(Imported, symbols: 1, seed: seed)
            .Select((f, i) => f with { Symbol = "ETHUSDT", TradeId = $"imp-{i}", Timestamp = DateTimeOffset.UtcNow.AddMinutes(-Imported + i) })
            .ToList();
        var csv = _dir.Write($"imported{seed}.csv", ReplayCsv.ToCsv(imported));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var (_, stop) = await TallyProcess.RunUntilAsync("binance-futures/bot-a: Live", timeout.Token, "run", "--config", config, "--db", db);
        await using (stop)
        {
            var import = TallyProcess.RunAsync("import", csv, "--format", "tally-csv", "--db", db, "--venue", "binance-futures", "--account", "bot-a", "--batch-size", "10", "--json");
            await using var store = await Tally.Storage.FillStores.OpenAsync(db, CancellationToken.None);

            // Live fills while the import is under way: each process commits on top of the other's.
            while (await store.CountFillsAsync(timeout.Token) < 5 + 50 && !import.IsCompleted)
            {
                await Task.Delay(20, timeout.Token);
            }

            for (var i = 0; i < 10; i++)
            {
                await client.PlaceOrderAsync(new BinanceOrderRequest("ETHUSDT", i % 2 == 0 ? Side.Sell : Side.Buy, BinanceOrderType.Market, 0.05m, $"live-{i}"), CancellationToken.None);
                var before = await store.CountFillsAsync(timeout.Token);
                while (await store.CountFillsAsync(timeout.Token) == before && !import.IsCompleted)
                {
                    await Task.Delay(20, timeout.Token);
                }
            }

            var result = await import;
            Assert.False(result.Output.Length == 0, "the import printed no summary");
            Assert.True(result.ExitCode == 0, result.Error);

            // The stream delivers the live fills; wait (bounded) until the log holds every fill of both sources.
            while (await store.CountFillsAsync(timeout.Token) < Imported + 15)
            {
                await Task.Delay(50, timeout.Token);
            }
        }

        var verify = TallyRun.Of("verify", "--db", db);
        Assert.True(verify.ExitCode == ExitCodes.Ok, verify.Stdout + verify.Stderr);
    }

    public void Dispose() => _dir.Dispose();
}
