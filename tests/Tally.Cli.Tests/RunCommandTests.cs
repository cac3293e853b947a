using System.Globalization;
using Tally.Core;
using Tally.Exchanges.Binance;
using Tally.Exchanges.Binance.Client;
using Tally.PaperExchange;

namespace Tally.Cli.Tests;

/// <summary><c>tally run</c>: the config file's refusals, and a run against the paper exchange on 127.0.0.1.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // file modes are part of the contract
public sealed class RunCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public static TheoryData<string, string> BadConfigs => new()
    {
        { "[]", "the file must hold one JSON object with an \"accounts\" array" },
        { "{\"accounts\": []}", "accounts: give at least one account" },
        { "{\"acounts\": []}", "acounts: unknown field (expected \"accounts\", \"api\", \"risk\", \"notifications\" or \"attribution\")" },
        { "{\"accounts\": [{\"base_url\": \"http://127.0.0.1:1/\", \"credentials_file\": \"k\"}]}", "accounts[0].name: required (the account name fills are stored under)" },
        { "{\"accounts\": [{\"name\": \"a\", \"api_key\": \"AbC\", \"credentials_file\": \"k\"}]}", "accounts[0].api_key: keys do not belong in the config file; use credentials_file or api_key_env/api_secret_env" },
        { "{\"accounts\": [{\"name\": \"a\", \"symbol\": [\"BTCUSDT\"], \"credentials_file\": \"k\"}]}", "accounts[0].symbol: unknown field" },
        { "{\"accounts\": [{\"name\": \"a\", \"base_url\": \"ftp://x\", \"credentials_file\": \"k\"}]}", "accounts[0].base_url: \"ftp://x\" is not an http(s) URL" },
        { "{\"accounts\": [{\"name\": \"a\", \"stream_url\": \"http://x/\", \"credentials_file\": \"k\"}]}", "accounts[0].stream_url: \"http://x/\" is not a ws(s) URL" },
        { "{\"accounts\": [{\"name\": \"a\"}]}", "accounts[0]: say where the API key is: credentials_file, or both api_key_env and api_secret_env" },
        { "{\"accounts\": [{\"name\": \"a\", \"api_key_env\": \"K\"}]}", "accounts[0]: say where the API key is: credentials_file, or both api_key_env and api_secret_env" },
        { "{\"accounts\": [{\"name\": \"a\", \"credentials_file\": \"k\", \"symbols\": \"all\"}]}", "accounts[0].symbols: \"all\" is neither \"traded\" nor a non-empty array of symbols" },
        { "{\"accounts\": [{\"name\": \"a\", \"credentials_file\": \"k\", \"symbols\": [\"BTC-USDT\"]}]}", "accounts[0].symbols: \"BTC-USDT\" is not a symbol such as \"BTCUSDT\"" },
        { "{\"accounts\": [{\"name\": \"a\", \"credentials_file\": \"k\", \"since\": \"yesterday\"}]}", "accounts[0].since: \"yesterday\" is not an ISO-8601 time or Unix milliseconds" },
        { "{\"accounts\": [{\"name\": \"a\", \"credentials_file\": \"k\", \"page_limit\": 5000}]}", "accounts[0].page_limit: 5000 is not a whole number from 1 to 1000" },
        { "{\"accounts\": [{\"name\": \"a\", \"credentials_file\": \"k\", \"discovery_interval\": \"-00:01:00\"}]}", "accounts[0].discovery_interval: \"-00:01:00\" is not a positive interval such as \"00:05:00\"" },
        { "{\"accounts\": [{\"name\": \"a\", \"credentials_file\": \"k\", \"reconcile_every\": \"often\"}]}", "accounts[0].reconcile_every: \"often\" is not an interval such as \"00:15:00\" (or \"0\" for never)" },
        { "{\"accounts\": [{\"name\": \"a\", \"credentials_file\": \"k\"}, {\"name\": \"a\", \"credentials_file\": \"k\"}]}", "accounts[1].name: \"a\" appears twice for venue binance-futures" },
        { "{\"accounts\": [{\"name\": \"a\", \"credentials_file\": \"k\", \"market\": \"margin\"}]}", "accounts[0].market: \"margin\" is not futures or spot" },
        { "{\"accounts\": [{\"name\": \"a\", \"credentials_file\": \"k\", \"market\": \"spot\"}]}", "accounts[0].symbols: a spot account lists its symbols (spot has no account-wide history to find the traded ones)" },
        { "{\"accounts\": [{\"name\": \"a\", \"credentials_file\": \"k\", \"exchange\": \"binance-spot\", \"market\": \"futures\"}]}", "accounts[0].market: \"futures\" does not go with exchange \"binance-spot\"" },
        { "{\"accounts\": [{\"name\": \"a\", \"credentials_file\": \"k\"}], \"api\": {\"port\": 70000}}", "api.port: 70000 is not a port from 0 (any free one) to 65535" },
        { "{\"accounts\": [{\"name\": \"a\", \"credentials_file\": \"k\"}], \"attribution\": \"lifo\"}", "attribution: \"lifo\" is not fifo or pro-rata" },
        { "{\"accounts\": [{\"name\": \"a\", \"credentials_file\": \"k\"}], \"attribution\": {\"policy\": \"fifo\"}}", "attribution: must be \"fifo\" or \"pro-rata\"" },
        { "{\"accounts\": [{\"name\": \"a\", \"credentials_file\": \"k\"}], \"api\": {\"listen\": \"my-host\"}}", "api.listen: \"my-host\" is not an IP address such as 127.0.0.1" },
        { "{\"accounts\": [{\"name\": \"a\", \"credentials_file\": \"k\"}], \"api\": {\"listen\": \"0.0.0.0\"}}", "api.listen: 0.0.0.0 is beyond loopback, so every request needs a token: give api.token or TALLY_API_TOKEN" },
        { "{\"accounts\": [{\"name\": \"a\", \"credentials_file\": \"k\"}], \"api\": {\"tokn\": \"x\"}}", "api.tokn: unknown field (fields: listen, port, token, writes_per_minute, tradingview)" },
        { "{\"accounts\": [{\"name\": \"a\", \"credentials_file\": \"k\"}], \"api\": {\"writes_per_minute\": 0}}", "api.writes_per_minute: 0 is not a whole number of at least 1" },
        { "{\"accounts\": [{\"name\": \"a\", \"credentials_file\": \"k\"}], \"api\": {\"tradingview\": {\"template\": {\"signal_id\": \"{{id}}\"}}}}", "api.tradingview.passphrase: required (the alert's \"passphrase\" field must match it)" },
        { "{\"accounts\": [{\"name\": \"a\", \"credentials_file\": \"k\"}], \"api\": {\"tradingview\": {\"passphrase\": \"p\", \"template\": {\"qty\": \"{{contracts}}\"}}}}", "api.tradingview.template.qty: is not a signal field (fields: signal_id, strategy_id, symbol, action, confidence, quantity, size_fraction, price, take_profit, stop_loss, take_profit_pct, stop_loss_pct, timeframe, timestamp, venue, account)" },
    };

    [Theory]
    [MemberData(nameof(BadConfigs))]
    public void A_bad_config_is_refused_with_one_line_naming_the_field(string json, string problem)
    {
        var config = _dir.Write("tally.json", json);
        var run = TallyRun.Of("run", "--config", config, "--db", "sqlite:" + _dir.PathOf("never.db"));
        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Equal([$"{config}: {problem}"], run.StderrLines);
        Assert.Equal(string.Empty, run.Stdout);
        Assert.False(File.Exists(_dir.PathOf("never.db")));
    }

    [Fact]
    public void A_missing_config_and_missing_credentials_are_refused()
    {
        var missing = TallyRun.Of("run", "--config", _dir.PathOf("nope.json"));
        Assert.Equal(ExitCodes.BadInput, missing.ExitCode);
        Assert.Equal([$"--config: {_dir.PathOf("nope.json")}: no such file"], missing.StderrLines);

        var config = _dir.Write("tally.json", "{\"accounts\": [{\"name\": \"bot-a\", \"api_key_env\": \"TALLY_TEST_UNSET_KEY\", \"api_secret_env\": \"TALLY_TEST_UNSET_SECRET\"}]}");
        var unset = TallyRun.Of("run", "--config", config);
        Assert.Equal(ExitCodes.BadInput, unset.ExitCode);
        Assert.Equal([$"{config}: accounts[0] (bot-a): no API credentials: set TALLY_TEST_UNSET_KEY and TALLY_TEST_UNSET_SECRET"], unset.StderrLines);

        // A key written where a variable name belongs is never echoed; the line names the field.
        const string LeakedKey = "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A";
        var leaked = _dir.Write("leaked.json", $"{{\"accounts\": [{{\"name\": \"bot-a\", \"api_key_env\": \"{LeakedKey}\", \"api_secret_env\": \"TALLY_TEST_UNSET_SECRET\"}}]}}");
        var refused = TallyRun.Of("run", "--config", leaked);
        Assert.Equal(ExitCodes.BadInput, refused.ExitCode);
        Assert.DoesNotContain(LeakedKey, refused.Stderr, StringComparison.Ordinal);
        Assert.Equal(
            [$"{leaked}: accounts[0] (bot-a): no API credentials: set the variable accounts[0].api_key_env names (accounts[0].api_key_env holds something that is not a variable name, so it is not shown) and TALLY_TEST_UNSET_SECRET"],
            refused.StderrLines);

        var keys = _dir.Write("keys", "k\ns\n");
        File.SetUnixFileMode(keys, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);
        var open = _dir.Write("open.json", $"{{\"accounts\": [{{\"name\": \"bot-a\", \"credentials_file\": \"{keys}\"}}]}}");
        var readable = TallyRun.Of("run", "--config", open);
        Assert.Equal(ExitCodes.BadInput, readable.ExitCode);
        Assert.Equal([$"{open}: accounts[0] (bot-a): accounts[0].credentials_file: {keys} may be read by others; chmod 600 it first"], readable.StderrLines);
    }

    [Fact]
    public void The_notifications_section_is_checked_with_the_config_and_check_names_it_without_the_token()
    {
        var keys = _dir.Write("keys", "the-api-key\nthe-api-secret\n");
        File.SetUnixFileMode(keys, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var bad = _dir.Write("bad.json", $$"""{"accounts": [{"name": "bot-a", "credentials_file": "{{keys}}"}], "notifications": {"telegram": {"bot_token": "1:the-bot-token", "chat_ids": [] } } }""");
        var refused = TallyRun.Of("run", "--config", bad, "--db", "sqlite:" + _dir.PathOf("never.db"));
        Assert.Equal(ExitCodes.BadInput, refused.ExitCode);
        Assert.Equal([$"{bad}: notifications.telegram.chat_ids: give a non-empty array of chat ids (numbers)"], refused.StderrLines);
        Assert.False(File.Exists(_dir.PathOf("never.db")));

        var good = _dir.Write("good.json", $$"""{"accounts": [{"name": "bot-a", "credentials_file": "{{keys}}"}], "notifications": {"telegram": {"bot_token": "1:the-bot-token", "base_url": "http://127.0.0.1:9", "chat_ids": [42] } } }""");
        var check = TallyRun.Of("run", "--config", good, "--check", "--db", "sqlite:" + _dir.PathOf("check.db"));
        Assert.True(check.ExitCode == ExitCodes.Ok, check.Stderr);
        Assert.Contains("notifications: telegram via 127.0.0.1 to 1 chat(s), no webhook", check.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("the-bot-token", check.Stdout + check.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("market_stream_url", "\"http://x/\"")]
    [InlineData("spot_market_stream_url", "\"ftp://x\"")]
    [InlineData("spot_market_stream_url", "7")]
    public void A_risk_stream_url_that_is_not_a_websocket_url_is_refused_with_one_line_naming_field_and_value(string field, string value)
    {
        var keys = _dir.Write("keys", "the-api-key\nthe-api-secret\n");
        File.SetUnixFileMode(keys, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var config = _dir.Write("tally.json", $$"""
            { "accounts": [{ "name": "bot-a", "credentials_file": "{{keys}}" }], "risk": { "{{field}}": {{value}} } }
            """);

        var run = TallyRun.Of("run", "--config", config, "--check", "--db", "sqlite:" + _dir.PathOf("never.db"));

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Equal([$"{config}: risk.{field}: {value} is not a ws(s) URL"], run.StderrLines);
    }

    /// <summary>
    /// The store keeps the attribution policy its rows were folded with: an empty store takes the config's, a store with
    /// fills folded with another is refused with one line (exit 2), and a config without the field keeps the store's.
    /// </summary>
    [Fact]
    public void The_attribution_field_sets_a_new_store_s_policy_and_a_store_folded_with_another_is_refused()
    {
        var keys = _dir.Write("keys", "the-api-key\nthe-api-secret\n");
        File.SetUnixFileMode(keys, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        string Config(string name, string? attribution) => _dir.Write(name, $$"""
            { "accounts": [{ "name": "bot-a", "credentials_file": "{{keys}}" }]{{(attribution is null ? "" : $", \"attribution\": \"{attribution}\"")}} }
            """);
        var proRata = Config("pro-rata.json", "pro-rata");
        var fresh = "sqlite:" + _dir.PathOf("fresh.db");
        Assert.Equal(ExitCodes.Ok, TallyRun.Of("run", "--config", proRata, "--check", "--db", fresh).ExitCode);
        var fills = _dir.Write("fills.csv", "symbol,side,qty,price\nBTCUSDT,BUY,1,100\n");
        Assert.Equal(ExitCodes.Ok, TallyRun.Of("import", fills, "--format", "tally-csv", "--db", fresh).ExitCode);
        Assert.Equal(ExitCodes.Ok, TallyRun.Of("run", "--config", proRata, "--check", "--db", fresh).ExitCode);
        Assert.Equal(ExitCodes.Ok, TallyRun.Of("run", "--config", Config("none.json", null), "--check", "--db", fresh).ExitCode);

        var refused = TallyRun.Of("run", "--config", Config("fifo.json", "fifo"), "--check", "--db", fresh);

        Assert.Equal(ExitCodes.BadInput, refused.ExitCode);
        Assert.Equal([$"attribution: \"fifo\" differs from the policy {fresh} was folded with (\"pro-rata\"); keep \"pro-rata\" or use a new store"], refused.StderrLines);
        Assert.Equal(string.Empty, refused.Stdout);
        Assert.Equal(ExitCodes.Ok, TallyRun.Of("verify", "--db", fresh).ExitCode);
    }

    [Fact]
    public void Check_prints_what_would_run_and_never_the_key()
    {
        var keys = _dir.Write("keys", "the-api-key\nthe-api-secret\n");
        File.SetUnixFileMode(keys, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var config = _dir.Write("tally.json", $$"""
            {
              // comments are allowed
              "accounts": [
                { "name": "bot-a", "credentials_file": "{{keys}}", "symbols": ["BTCUSDT", "ETHUSDT"], "since": "2026-11-01T00:00:00Z" },
                { "name": "bot-b", "base_url": "http://127.0.0.1:9/", "credentials_file": "{{keys}}" },
              ]
            }
            """);
        var db = "sqlite:" + _dir.PathOf("check.db");
        var run = TallyRun.Of("run", "--config", config, "--check", "--db", db);
        Assert.True(run.ExitCode == ExitCodes.Ok, run.Stderr);
        var lines = run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.StartsWith("binance-futures/bot-a: https://fapi.binance.com/ stream wss://fstream.binance.com/private/ws/, BTCUSDT,ETHUSDT, from 2026-11-01T00:00:00Z", lines[0], StringComparison.Ordinal);
        Assert.StartsWith("binance-futures/bot-b: http://127.0.0.1:9/ stream ws://127.0.0.1:9/ws/, every traded symbol, from ", lines[1], StringComparison.Ordinal);
        Assert.StartsWith("api: 127.0.0.1 port 8787, ", lines[2], StringComparison.Ordinal);
        Assert.DoesNotContain("the-api", run.Stdout + run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_follows_two_accounts_and_the_log_ends_equal_to_each_exchange()
    {
        await using var first = await PaperExchangeHost.StartAsync(new PaperExchangeOptions { Seed = 71 }, CancellationToken.None);
        await using var second = await PaperExchangeHost.StartAsync(new PaperExchangeOptions { Seed = 72, PositionMode = PositionMode.Hedge }, CancellationToken.None);
        using var firstHttp = new HttpClient { BaseAddress = first.BaseAddress };
        using var secondHttp = new HttpClient { BaseAddress = second.BaseAddress };
        var a = new BinanceFuturesClient(firstHttp, first.ApiKey, new BinanceSigner(first.ApiSecret), TimeProvider.System);
        var b = new BinanceFuturesClient(secondHttp, second.ApiKey, new BinanceSigner(second.ApiSecret), TimeProvider.System);
        for (var i = 0; i < 10; i++)
        {
            await a.PlaceOrderAsync(new BinanceOrderRequest("ETHUSDT", i % 3 == 0 ? Side.Sell : Side.Buy, BinanceOrderType.Market, 0.05m, $"a-{i}"), CancellationToken.None);
            await b.PlaceOrderAsync(new BinanceOrderRequest("SOLUSDT", Side.Buy, BinanceOrderType.Market, 1m, $"b-{i}", PositionSide: PositionSide.Long), CancellationToken.None);
        }

        var keysA = _dir.Write("a.keys", $"{first.ApiKey}\n{first.ApiSecret}\n");
        var keysB = _dir.Write("b.keys", $"{second.ApiKey}\n{second.ApiSecret}\n");
        File.SetUnixFileMode(keysA, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.SetUnixFileMode(keysB, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var since = DateTimeOffset.UtcNow.AddDays(-1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var config = _dir.Write("tally.json", $$"""
            {"accounts": [
              { "name": "bot-a", "base_url": "{{first.BaseAddress}}", "credentials_file": "{{keysA}}", "symbols": ["ETHUSDT"], "since": "{{since}}" },
              { "name": "bot-b", "base_url": "{{second.BaseAddress}}", "credentials_file": "{{keysB}}", "symbols": "traded", "since": "{{since}}" }
            ], "api": { "port": 0 } }
            """);
        var db = "sqlite:" + _dir.PathOf("run.db");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var (_, stop) = await TallyProcess.RunUntilAsync("binance-futures/bot-b: Live", timeout.Token, "run", "--config", config, "--db", db);
        await using (stop)
        {
            for (var i = 10; i < 15; i++)
            {
                await a.PlaceOrderAsync(new BinanceOrderRequest("ETHUSDT", Side.Buy, BinanceOrderType.Market, 0.05m, $"a-{i}"), CancellationToken.None);
                await b.PlaceOrderAsync(new BinanceOrderRequest("SOLUSDT", Side.Sell, BinanceOrderType.Market, 1m, $"b-{i}", PositionSide: PositionSide.Long), CancellationToken.None);
            }

            // Both streams deliver the new fills; wait (bounded) until the log holds all 30.
            await using var store = await Tally.Storage.FillStores.OpenAsync(db, CancellationToken.None);
            await Wait.UntilAsync(async ct => await store.CountFillsAsync(ct) >= 30, "30 fills in the log", timeout.Token);
        }

        Assert.Equal(ExitCodes.Ok, TallyRun.Of("verify", "--db", db).ExitCode);
        var positions = TallyRun.Of("positions", "--db", db, "--json").Json().Positions;
        var ethRisk = Assert.Single(await a.GetPositionRiskAsync("ETHUSDT", CancellationToken.None));
        var eth = Assert.Single(positions, p => p.GetProperty("account").GetString() == "bot-a");
        Assert.Equal(ethRisk.PositionAmount, decimal.Parse(eth.GetProperty("signed_qty").GetString()!, CultureInfo.InvariantCulture));
        var solRisk = (await b.GetPositionRiskAsync("SOLUSDT", CancellationToken.None)).Single(r => r.PositionSide == PositionSide.Long);
        var sol = Assert.Single(positions, p => p.GetProperty("account").GetString() == "bot-b");
        Assert.Equal("LONG", sol.GetProperty("position_side").GetString());
        Assert.Equal(solRisk.PositionAmount, decimal.Parse(sol.GetProperty("signed_qty").GetString()!, CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task A_wrong_api_secret_stops_the_run_with_short_lines_and_no_stack_trace()
    {
        await using var exchange = await PaperExchangeHost.StartAsync(new PaperExchangeOptions { Seed = 77 }, CancellationToken.None);
        var keys = _dir.Write("wrong.keys", $"{exchange.ApiKey}\nnot-the-secret\n");
        File.SetUnixFileMode(keys, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var config = _dir.Write("wrong.json", $$"""
            {"accounts": [{ "name": "bot-a", "base_url": "{{exchange.BaseAddress}}", "credentials_file": "{{keys}}", "symbols": ["ETHUSDT"] }], "api": { "port": 0 } }
            """);

        var run = TallyRun.Of("run", "--config", config, "--db", "sqlite:" + _dir.PathOf("wrong.db"));

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.Contains(run.StderrLines, l => l.StartsWith("binance-futures/bot-a: stopped: ", StringComparison.Ordinal) && l.Contains("-1022", StringComparison.Ordinal));
        Assert.All(run.StderrLines, l => Assert.True(l.Length < 300 && !l.TrimStart().StartsWith("at ", StringComparison.Ordinal), l));
    }

    [Fact]
    public async Task Run_follows_a_spot_account_into_a_spot_only_store()
    {
        await using var exchange = await PaperExchangeHost.StartAsync(new PaperExchangeOptions { Seed = 75 }, CancellationToken.None);
        using var http = new HttpClient { BaseAddress = exchange.BaseAddress };
        var spot = new BinanceSpotClient(http, exchange.ApiKey, new BinanceSigner(exchange.ApiSecret), TimeProvider.System);
        for (var i = 0; i < 6; i++)
        {
            await spot.PlaceOrderAsync(new BinanceSpotOrderRequest("ETHUSDT", i % 3 == 2 ? Side.Sell : Side.Buy, BinanceSpotOrderType.Market, 0.05m, $"s-{i}"), CancellationToken.None);
        }

        var keys = _dir.Write("spot.keys", $"{exchange.ApiKey}\n{exchange.ApiSecret}\n");
        File.SetUnixFileMode(keys, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var since = DateTimeOffset.UtcNow.AddHours(-12).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var config = _dir.Write("tally.json", $$"""
            {"accounts": [{ "name": "spot-a", "market": "spot", "base_url": "{{exchange.BaseAddress}}", "credentials_file": "{{keys}}", "symbols": ["ETHUSDT", "BTCUSDT"], "since": "{{since}}" }], "api": { "port": 0 } }
            """);
        var db = "sqlite:" + _dir.PathOf("spot.db");
        var check = TallyRun.Of("run", "--config", config, "--check", "--db", db);
        Assert.StartsWith($"binance-spot/spot-a: {exchange.BaseAddress} stream ws://{exchange.BaseAddress.Authority}/ws-api/v3, ETHUSDT,BTCUSDT, from ", check.Stdout, StringComparison.Ordinal);

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await using (var run = RunningTally.Start("run", "--config", config, "--db", db))
        {
            await run.StdoutLineAsync("binance-spot/spot-a: Live", timeout.Token);
            for (var i = 6; i < 10; i++)
            {
                await spot.PlaceOrderAsync(new BinanceSpotOrderRequest("BTCUSDT", Side.Buy, BinanceSpotOrderType.Market, 0.001m, $"s-{i}"), CancellationToken.None);
            }

            // The subscription delivers the new fills; wait (bounded) until the log holds all ten.
            await using var store = await Tally.Storage.FillStores.OpenAsync(db, CancellationToken.None);
            while (await store.CountFillsAsync(timeout.Token) < 10)
            {
                await Task.Delay(50, timeout.Token);
            }

            Assert.Equal(ExitCodes.Ok, await run.TerminateAsync(timeout.Token));
        }

        Assert.Equal(ExitCodes.Ok, TallyRun.Of("verify", "--db", db).ExitCode);
        var positions = TallyRun.Of("positions", "--db", db, "--json").Json().Positions;
        Assert.All(positions, p => Assert.Equal("binance-spot", p.GetProperty("venue").GetString()));
        var btc = Assert.Single(positions, p => p.GetProperty("symbol").GetString() == "BTCUSDT");
        var fees = (await spot.GetMyTradesAsync("BTCUSDT", 0, null, null, 1000, CancellationToken.None)).Where(t => t.Value.CommissionAsset == "BTC").Sum(t => t.Value.Commission);
        Assert.Equal(0.004m - fees, decimal.Parse(btc.GetProperty("signed_qty").GetString()!, CultureInfo.InvariantCulture));
    }

    public void Dispose() => _dir.Dispose();
}
