using System.Globalization;
using System.Text.Json;
using Tally.Core;
using Tally.Exchanges.Binance;
using Tally.Exchanges.Binance.Client;
using Tally.PaperExchange;

namespace Tally.Cli.Tests;

/// <summary><c>tally reconcile</c> against the paper exchange: dry run, correction, verify, a second pass in sync.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // the credentials file's mode
public sealed class ReconcileCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    [Fact]
    public async Task A_position_opened_before_the_store_started_is_shown_by_a_dry_run_then_adjusted_audited_and_verified()
    {
        await using var exchange = await PaperExchangeHost.StartAsync(new PaperExchangeOptions { Seed = 5 }, CancellationToken.None);
        using var http = new HttpClient { BaseAddress = exchange.BaseAddress };
        var client = new BinanceFuturesClient(http, exchange.ApiKey, new BinanceSigner(exchange.ApiSecret), TimeProvider.System);
        await client.PlaceOrderAsync(new BinanceOrderRequest("BTCUSDT", Side.Sell, BinanceOrderType.Market, 0.003m, "by-hand-1"), CancellationToken.None);
        var filled = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        SpinWait.SpinUntil(() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() > filled + 1); // the store starts strictly after the fill
        var since = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
        var risk = (await client.GetPositionRiskAsync("BTCUSDT", CancellationToken.None)).Single();
        var credentials = _dir.Write("keys", $"{exchange.ApiKey}\n{exchange.ApiSecret}\n");
        File.SetUnixFileMode(credentials, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var db = "sqlite:" + _dir.PathOf("reconcile.db");
        string[] reconcile = ["reconcile", "--base-url", exchange.BaseAddress.ToString(), "--account", "main", "--credentials", credentials, "--db", db, "--since", since];

        var dry = TallyRun.Of([.. reconcile, "--dry-run", "--json"]);

        Assert.True(dry.ExitCode == ExitCodes.Ok, dry.Stderr);
        using (var json = JsonDocument.Parse(dry.Stdout))
        {
            Assert.True(json.RootElement.GetProperty("dry_run").GetBoolean());
            var key = Assert.Single(json.RootElement.GetProperty("keys").EnumerateArray());
            Assert.Equal(("missing_local", "proposed", "-0.003"), (key.GetProperty("kind").GetString(), key.GetProperty("correction").GetString(), key.GetProperty("after").GetProperty("quantity").GetString()));
            Assert.Equal(DecimalText.Format(risk.EntryPrice), key.GetProperty("exchange").GetProperty("entry_price").GetString());
        }

        Assert.Contains("\"positions\":[]", TallyRun.Of("positions", "--db", db, "--json").Stdout.Replace(" ", "", StringComparison.Ordinal), StringComparison.Ordinal);

        var fix = TallyRun.Of([.. reconcile, "--json"]);

        Assert.True(fix.ExitCode == ExitCodes.Ok, fix.Stderr);
        using (var json = JsonDocument.Parse(fix.Stdout))
        {
            var key = Assert.Single(json.RootElement.GetProperty("keys").EnumerateArray());
            Assert.Equal("adjusted", key.GetProperty("correction").GetString());
            var adjustment = Assert.Single(key.GetProperty("adjustments").EnumerateArray());
            Assert.StartsWith("reconcile-", adjustment.GetProperty("trade_id").GetString(), StringComparison.Ordinal);
            Assert.Equal(("SELL", "0.003"), (adjustment.GetProperty("side").GetString(), adjustment.GetProperty("quantity").GetString()));
        }

        Assert.Equal(ExitCodes.Ok, TallyRun.Of("verify", "--db", db).ExitCode);
        var again = TallyRun.Of(reconcile);
        Assert.True(again.ExitCode == ExitCodes.Ok, again.Stderr);
        Assert.Contains("reconcile: 1 key(s) in sync", again.Stdout, StringComparison.Ordinal);
        Assert.Contains("manual", TallyRun.Of("strategy-positions", "--db", db).Stdout, StringComparison.Ordinal); // the adjustment opened a position of strategy manual
    }

    [Fact]
    public async Task A_spot_account_is_reconciled_by_balances_a_hidden_fill_back_filled_and_a_deposit_adjusted_audited_and_verified()
    {
        var options = new PaperExchangeOptions { Seed = 5 };
        options.Spot = new Tally.PaperExchange.Spot.SpotOptions { InitialBalances = new Dictionary<string, decimal>(StringComparer.Ordinal) { ["USDT"] = 1_000_000m } };
        await using var exchange = await PaperExchangeHost.StartAsync(options, CancellationToken.None);
        using var http = new HttpClient { BaseAddress = exchange.BaseAddress };
        var client = new BinanceSpotClient(http, exchange.ApiKey, new BinanceSigner(exchange.ApiSecret), TimeProvider.System);
        await client.PlaceOrderAsync(new BinanceSpotOrderRequest("BTCUSDT", Side.Buy, BinanceSpotOrderType.Market, 0.01m, "by-hand-1"), CancellationToken.None);
        using (var deposit = await http.PostAsync(new Uri("admin/spot/balance?asset=ETH&free=0.5", UriKind.Relative), null))
        {
            deposit.EnsureSuccessStatusCode();
        }

        var credentials = _dir.Write("keys", $"{exchange.ApiKey}\n{exchange.ApiSecret}\n");
        File.SetUnixFileMode(credentials, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var db = "sqlite:" + _dir.PathOf("reconcile-spot.db");
        string[] reconcile = ["reconcile", "--market", "spot", "--base-url", exchange.BaseAddress.ToString(), "--account", "main", "--symbols", "BTCUSDT,ETHUSDT", "--credentials", credentials, "--db", db];

        var fix = TallyRun.Of([.. reconcile, "--json"]);

        Assert.True(fix.ExitCode == ExitCodes.Ok, fix.Stderr);
        using (var json = JsonDocument.Parse(fix.Stdout))
        {
            Assert.Equal(1, json.RootElement.GetProperty("backfilled").GetInt32()); // the buy the store never saw
            var keys = json.RootElement.GetProperty("keys").EnumerateArray().ToList();
            Assert.Equal(
                [("BTCUSDT", "in_sync", "none"), ("ETHUSDT", "missing_local", "adjusted")],
                keys.Select(k => (k.GetProperty("symbol").GetString(), k.GetProperty("kind").GetString(), k.GetProperty("correction").GetString())));
            Assert.Equal("0.5", keys[1].GetProperty("after").GetProperty("quantity").GetString());
            Assert.Equal("binance-spot", keys[1].GetProperty("venue").GetString());
        }

        Assert.Equal(ExitCodes.Ok, TallyRun.Of("verify", "--db", db).ExitCode);
        var again = TallyRun.Of(reconcile);
        Assert.True(again.ExitCode == ExitCodes.Ok, again.Stderr);
        Assert.Contains("reconcile: 2 key(s) in sync", again.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void Reconcile_help_describes_its_options_and_a_bad_tolerance_is_one_line_with_exit_2()
    {
        var help = TallyRun.Of("reconcile", "--help");
        Assert.Equal(ExitCodes.Ok, help.ExitCode);
        foreach (var option in new[] { "--base-url", "--market", "--dry-run", "--json", "--price-tolerance", "--since", "--credentials" })
        {
            Assert.Contains(option, help.Stdout, StringComparison.Ordinal);
        }

        var bad = TallyRun.Of("reconcile", "--base-url", "http://127.0.0.1:1/", "--price-tolerance", "abc");
        Assert.Equal(ExitCodes.BadInput, bad.ExitCode);
        Assert.Equal(["--price-tolerance: \"abc\" is not a fraction from 0 to below 1, such as 0.000001"], bad.StderrLines);
    }

    public void Dispose() => _dir.Dispose();
}
