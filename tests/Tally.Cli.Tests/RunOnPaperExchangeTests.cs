using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Tally.Core;
using Tally.Core.Attribution;
using Tally.Core.Risk;
using Tally.Engine.Risk;
using Tally.PaperExchange;
using Tally.Storage;

namespace Tally.Cli.Tests;

/// <summary>
/// A <c>tally run</c> process against the paper exchange (in this test process, so it outlives every kill). kill -9:
/// after a restart no acknowledged signal is without its intent or has two orders, every fill the exchange made is
/// in the log exactly once (back-fill), the strategy tables equal a replay (<c>tally verify</c>), and a journalled
/// halt still holds. <c>tally close</c> beside it: the running engine carries the request out.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // file modes
public sealed class RunOnPaperExchangeTests : IDisposable
{
    private const string Venue = "binance-futures";
    private const string Account = "bot-a";
    private const string Token = "kill-token";

    /// <summary>Entries are not limited by accumulation here: every signal is a new strategy's buy.</summary>
    private static readonly Dictionary<string, string> Environment = new(StringComparer.Ordinal) { ["MAX_ACCUMULATIONS"] = "1000" };

    private readonly TempDirectory _dir = new();
    private readonly string _db;

    public RunOnPaperExchangeTests() => _db = "sqlite:" + _dir.PathOf("run.db");

    public void Dispose() => _dir.Dispose();

    [Fact]
    public async Task Kills_after_an_answer_during_a_burst_and_while_fills_stream_lose_no_acknowledged_signal_send_no_order_twice_and_leave_every_fill_logged_once()
    {
        // A third of the user-data events held back a second, a tenth never sent: fills are often still on their
        // way when the process dies, and some reach the log only by the restart's back-fill.
        await using var exchange = await PaperExchangeHost.StartAsync(new PaperExchangeOptions { Seed = 91, StreamDelayRate = 0.3m, StreamDropRate = 0.1m }, CancellationToken.None);
        var config = Config(exchange, "ETHUSDT");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var acknowledged = new List<string>(); // entry client order ids of signals answered 200 accepted
        var posted = 0;

        for (var round = 0; round < 3; round++)
        {
            var started = DateTimeOffset.UtcNow;
            var run = RunningTally.Start(Environment, "run", "--config", config, "--db", _db);
            await using (run)
            {
                using var http = await ApiAsync(run, timeout.Token);
                await run.StdoutLineAsync($"{Venue}/{Account}: Live", timeout.Token);
                await MonitorStartedAsync(started, timeout.Token); // entries wait for the monitor to read its saved state
                switch (round)
                {
                    case 0:
                        // Killed as soon as the answer is in: the fill is at best on the stream.
                        acknowledged.Add(await PostAsync(http, ++posted, timeout.Token));
                        break;
                    case 1:
                        // Killed during a burst: the third answer is in, others are in flight (intent committed or not, sent or not).
                        var burst = Enumerable.Range(0, 6).Select(_ => TryPostAsync(http, ++posted, timeout.Token)).ToList();
                        var answered = 0;
                        while (answered < 3)
                        {
                            var done = await Task.WhenAny(burst);
                            burst.Remove(done);
                            if (await done is { } id)
                            {
                                acknowledged.Add(id);
                                answered++;
                            }
                        }

                        await run.KillAsync();
                        foreach (var late in burst)
                        {
                            // Answered before the kill landed, or cut off (null): only answers count.
                            if (await late is { } id)
                            {
                                acknowledged.Add(id);
                            }
                        }

                        break;
                    default:
                        // Killed while the fills of three answered signals stream in.
                        for (var i = 0; i < 3; i++)
                        {
                            acknowledged.Add(await PostAsync(http, ++posted, timeout.Token));
                        }

                        break;
                }

                await run.KillAsync();
            }
        }

        await using (var final = RunningTally.Start(Environment, "run", "--config", config, "--db", _db))
        {
            await final.StdoutLineAsync($"{Venue}/{Account}: Live", timeout.Token);
            var made = ExchangeTrades(exchange, "ETHUSDT").Count;
            await Wait.UntilAsync(async ct => await CountFillsAsync(ct) == made, $"the {made} fills of the exchange in the log", timeout.Token);
            Assert.Equal(ExitCodes.Ok, await final.TerminateAsync(timeout.Token));
        }

        var trades = ExchangeTrades(exchange, "ETHUSDT");
        var orders = trades.Select(t => t.OrderId).Distinct().Select(id => Order(exchange, "ETHUSDT", id)).ToList();
        var byClientId = orders.GroupBy(o => o.ClientOrderId, StringComparer.Ordinal).ToList();
        Assert.All(byClientId, g => Assert.True(g.Count() == 1, $"{g.Key}: {g.Count()} orders on the exchange"));

        await using var log = await FillLog.OpenAsync(await FillStores.OpenAsync(_db, CancellationToken.None), TimeProvider.System, CancellationToken.None);
        var stored = await log.RecentTradesAsync("ETHUSDT", Venue, 10_000, CancellationToken.None);
        Assert.Equal(trades.Select(t => t.Id.ToString(CultureInfo.InvariantCulture)).Order(StringComparer.Ordinal), stored.Select(f => f.Fill.TradeId).Order(StringComparer.Ordinal));
        var positions = await log.StrategyPositionsAsync(new StrategyPositionQuery(StrategyPositionFilter.All), CancellationToken.None);
        Assert.True(acknowledged.Count >= 7, $"{acknowledged.Count} acknowledged");
        foreach (var id in acknowledged)
        {
            var intent = await log.FindIntentAsync(Venue, Account, id, CancellationToken.None);
            Assert.True(intent is not null, $"{id}: no intent");
            Assert.Single(orders, o => o.ClientOrderId == id);
            var position = Assert.Single(positions, p => p.StrategyPositionId == id);
            Assert.Equal(0.01m, position.EntryQuantity);
        }

        // Every order Tally placed (answered or not) is attributed to its own strategy position: none is "manual".
        Assert.All(orders, o => Assert.Contains(positions, p => p.StrategyPositionId == o.ClientOrderId));
        Assert.DoesNotContain(positions, p => p.StrategyId == "manual");
        var verify = TallyRun.Of("verify", "--db", _db);
        Assert.True(verify.ExitCode == ExitCodes.Ok, verify.Stdout + verify.Stderr);
    }

    [Fact]
    public async Task A_halt_journalled_just_before_a_kill_still_refuses_entries_after_the_restart()
    {
        await using var exchange = await PaperExchangeHost.StartAsync(new PaperExchangeOptions { Seed = 92 }, CancellationToken.None);
        var config = Config(exchange, "BTCUSDT");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));

        // The first run saves the day's start (the wallet at 10,000) and is killed.
        await using (var first = RunningTally.Start(Environment, "run", "--config", config, "--db", _db))
        {
            await first.StdoutLineAsync($"{Venue}/{Account}: Live", timeout.Token);
            await Wait.UntilAsync(async ct => await RiskStateAsync(ct) is not null, "the monitor's saved state", timeout.Token);
            await first.KillAsync();
        }

        // Meanwhile a losing round trip outside Tally takes the wallet down by far more than the halt's 5 %.
        var venue = exchange.Venue;
        Assert.Null(venue.TryPlace(new OrderRequest("BTCUSDT", Side.Buy, OrderType.Market, null, 0.1m, null, null, null, null), out _, out _));
        venue.SetPrice("BTCUSDT", decimal.Round(venue.MarkPrice("BTCUSDT") * 0.9m, 1));
        Assert.Null(venue.TryPlace(new OrderRequest("BTCUSDT", Side.Sell, OrderType.Market, null, 0.1m, null, null, true, null), out _, out _));
        Assert.True(venue.WalletBalance < 9_500m, venue.WalletBalance.ToString(CultureInfo.InvariantCulture));

        // The second run halts at its first evaluation and is killed as soon as the halt is journalled.
        await using (var second = RunningTally.Start(Environment, "run", "--config", config, "--db", _db))
        {
            await Wait.UntilAsync(async ct => await RiskStateAsync(ct) is { } s && RiskStateJson.Read(s.State).Breaker.Halted, "the journalled halt", timeout.Token);
            await second.KillAsync();
        }

        await using (var store = await FillStores.OpenAsync(_db, CancellationToken.None))
        {
            var events = await store.ReadRiskEventsAsync(0, CancellationToken.None);
            Assert.Contains(events, e => e.Type == nameof(RiskEventType.StopAllTrading));
        }

        var restarted = DateTimeOffset.UtcNow;
        await using (var third = RunningTally.Start(Environment, "run", "--config", config, "--db", _db))
        {
            using var http = await ApiAsync(third, timeout.Token);
            await third.StdoutLineAsync($"{Venue}/{Account}: Live", timeout.Token);
            await MonitorStartedAsync(restarted, timeout.Token);
            Assert.True(RiskStateJson.Read((await RiskStateAsync(timeout.Token))!.State).Breaker.Halted);
            using var answer = await SendAsync(http, 1, timeout.Token, "BTCUSDT");
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            using var json = JsonDocument.Parse(await answer.Content.ReadAsStringAsync(timeout.Token));
            Assert.Equal("rejected", json.RootElement.GetProperty("decision").GetString());
            Assert.Contains("StopAllTrading", json.RootElement.GetProperty("reason").GetString(), StringComparison.Ordinal);
            Assert.Equal(JsonValueKind.Null, json.RootElement.GetProperty("client_order_id").ValueKind);
            Assert.Equal(ExitCodes.Ok, await third.TerminateAsync(timeout.Token));
        }

        Assert.Equal(2, ExchangeTrades(exchange, "BTCUSDT").Count); // the round trip only: no order was sent
        var verify = TallyRun.Of("verify", "--db", _db);
        Assert.True(verify.ExitCode == ExitCodes.Ok, verify.Stdout + verify.Stderr);
    }

    [Fact]
    public async Task A_take_profit_the_exchange_triggers_while_tally_run_is_dead_closes_its_strategy_position_with_reason_take_profit_after_the_restart()
    {
        await using var exchange = await PaperExchangeHost.StartAsync(new PaperExchangeOptions { Seed = 93 }, CancellationToken.None);
        var config = Config(exchange, "ETHUSDT");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var venue = exchange.Venue;
        var price = venue.MarkPrice("ETHUSDT");
        var (takeProfit, stopLoss) = (decimal.Round(price * 1.02m, 2), decimal.Round(price * 0.98m, 2));
        string entry;

        var started = DateTimeOffset.UtcNow;
        await using (var first = RunningTally.Start(Environment, "run", "--config", config, "--db", _db))
        {
            using var http = await ApiAsync(first, timeout.Token);
            await first.StdoutLineAsync($"{Venue}/{Account}: Live", timeout.Token);
            await MonitorStartedAsync(started, timeout.Token);
            var body = string.Create(CultureInfo.InvariantCulture, $$"""{"signal_id":"tp1","strategy_id":"T","symbol":"ETHUSDT","action":"buy","confidence":"0.5","quantity":"0.01","take_profit":"{{takeProfit}}","stop_loss":"{{stopLoss}}"}""");
            using var answer = await http.PostAsync(new Uri("api/signals", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"), timeout.Token);
            using var json = JsonDocument.Parse(await answer.Content.ReadAsStringAsync(timeout.Token));
            entry = json.RootElement.GetProperty("client_order_id").GetString()!;

            // Killed once the exchange holds both conditional orders (the entry filled, its fill reached the dispatcher).
            await Wait.UntilAsync(_ => Task.FromResult(venue.OpenAlgoOrders("ETHUSDT").Count == 2), "the TP and SL on the exchange", timeout.Token);
            await first.KillAsync();
        }

        // The take-profit triggers on the exchange while nothing listens.
        venue.SetPrice("ETHUSDT", takeProfit + 1m);
        await Wait.UntilAsync(_ => Task.FromResult(venue.OpenAlgoOrders("ETHUSDT").Count == 1), "the TP triggered", timeout.Token);

        await using (var second = RunningTally.Start(Environment, "run", "--config", config, "--db", _db))
        {
            using var http = await ApiAsync(second, timeout.Token);
            await Wait.UntilAsync(
                async ct =>
                {
                    using var json = JsonDocument.Parse(await http.GetStringAsync(new Uri("api/strategy-positions?status=closed&strategy_id=T", UriKind.Relative), ct));
                    return json.RootElement.GetProperty("strategy_positions").EnumerateArray().Any(p => p.GetProperty("strategy_position_id").GetString() == entry && p.GetProperty("close_reason").GetString() == "take_profit");
                },
                "the strategy position closed by its take-profit",
                timeout.Token);
            await Wait.UntilAsync(_ => Task.FromResult(venue.OpenAlgoOrders("ETHUSDT").Count == 0), "the stop-loss sibling cancelled", timeout.Token);
            Assert.Equal(ExitCodes.Ok, await second.TerminateAsync(timeout.Token));
        }

        var orders = ExchangeTrades(exchange, "ETHUSDT").Select(t => t.OrderId).Distinct().Select(id => Order(exchange, "ETHUSDT", id)).ToList();
        Assert.Equal(2, orders.Count); // the entry and the triggered take-profit: no exit sent by Tally on top
        Assert.Equal(0m, venue.Positions("ETHUSDT").Sum(p => p.Amount));
        var verify = TallyRun.Of("verify", "--db", _db);
        Assert.True(verify.ExitCode == ExitCodes.Ok, verify.Stdout + verify.Stderr);
    }

    [Fact]
    public async Task Tally_close_beside_a_running_engine_becomes_a_reduce_only_market_order_that_closes_the_strategy_position_with_reason_manual()
    {
        await using var exchange = await PaperExchangeHost.StartAsync(new PaperExchangeOptions { Seed = 94 }, CancellationToken.None);
        var config = Config(exchange, "ETHUSDT");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var started = DateTimeOffset.UtcNow;
        await using var run = RunningTally.Start(Environment, "run", "--config", config, "--db", _db);
        using var http = await ApiAsync(run, timeout.Token);
        await run.StdoutLineAsync($"{Venue}/{Account}: Live", timeout.Token);
        await MonitorStartedAsync(started, timeout.Token);
        var entry = await PostAsync(http, 1, timeout.Token);
        await Wait.UntilAsync(async ct => await PositionAsync(http, entry, ct) is { } p && p.GetProperty("status").GetString() == "open", "the strategy position open", timeout.Token);

        var close = TallyRun.Of("close", entry, "--db", _db);
        Assert.True(close.ExitCode == ExitCodes.Ok, close.Stdout + close.Stderr);
        await Wait.UntilAsync(async ct => await PositionAsync(http, entry, ct) is { } p && p.GetProperty("status").GetString() == "closed", "the strategy position closed", timeout.Token);
        var closed = (await PositionAsync(http, entry, timeout.Token))!.Value;
        Assert.Equal("manual", closed.GetProperty("close_reason").GetString());
        Assert.Equal("0", closed.GetProperty("open_quantity").GetString());
        Assert.Equal(ExitCodes.Ok, await run.TerminateAsync(timeout.Token));

        var orders = ExchangeTrades(exchange, "ETHUSDT").Select(t => t.OrderId).Distinct().Select(id => Order(exchange, "ETHUSDT", id)).ToList();
        Assert.Equal(2, orders.Count);
        var exit = orders.Single(o => o.ClientOrderId != entry);
        Assert.Equal((OrderType.Market, Side.Sell, true, 0.01m), (exit.Type, exit.Side, exit.ReduceOnly, exit.ExecutedQuantity));
        await using var store = await FillStores.OpenAsync(_db, CancellationToken.None);
        Assert.Empty(await store.ReadRiskRequestsAsync(pendingOnly: true, CancellationToken.None));
    }

    /// <summary>One strategy position as the API shows it, or null.</summary>
    private static async Task<JsonElement?> PositionAsync(HttpClient http, string id, CancellationToken cancellationToken)
    {
        using var json = JsonDocument.Parse(await http.GetStringAsync(new Uri("api/strategy-positions", UriKind.Relative), cancellationToken));
        return json.RootElement.GetProperty("strategy_positions").EnumerateArray().Where(p => p.GetProperty("strategy_position_id").GetString() == id).Select(p => (JsonElement?)p.Clone()).FirstOrDefault();
    }

    /// <summary>
    /// The run's config: one USD-M account on <paramref name="symbol"/>, the API on any free port; trailing stops, dump
    /// exits and health actions out of reach, so every order is one the test asked for (the breaker stays at 3/4/5 %).
    /// </summary>
    private string Config(PaperExchangeHost exchange, string symbol)
    {
        var keys = _dir.Write("keys", $"{exchange.ApiKey}\n{exchange.ApiSecret}\n");
        File.SetUnixFileMode(keys, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var since = DateTimeOffset.UtcNow.AddDays(-1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        return _dir.Write("tally.json", $$"""
            {"accounts": [{ "name": "{{Account}}", "base_url": "{{exchange.BaseAddress}}", "credentials_file": "{{keys}}", "symbols": ["{{symbol}}"], "since": "{{since}}" }],
             "api": { "port": 0, "token": "{{Token}}", "writes_per_minute": "100000" },
             "risk": { "trailing_distance_major": 0.5, "trailing_distance_regular": 0.5, "momentum_break": 0.5, "leader_dump_fraction": 0.5, "evaluation_interval": "1s", "health_min_positions": 1000, "symbols": ["{{symbol}}"] } }
            """);
    }

    private static async Task<HttpClient> ApiAsync(RunningTally run, CancellationToken cancellationToken)
    {
        var line = run.StdoutLine(await run.StdoutLineAsync("api: listening on http://127.0.0.1:", cancellationToken));
        var http = new HttpClient { BaseAddress = new Uri(line.Split(' ')[3]) };
        http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token);
        return http;
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient http, int n, CancellationToken cancellationToken, string symbol = "ETHUSDT")
    {
        var body = $$"""{"signal_id":"k{{n}}","strategy_id":"S{{n}}","symbol":"{{symbol}}","action":"buy","confidence":"0.5","quantity":"0.01"}""";
        return http.PostAsync(new Uri("api/signals", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"), cancellationToken);
    }

    /// <summary>Posts signal <paramref name="n"/> and returns its entry's client order id; it must be answered and accepted.</summary>
    private static async Task<string> PostAsync(HttpClient http, int n, CancellationToken cancellationToken)
    {
        using var answer = await SendAsync(http, n, cancellationToken);
        var text = await answer.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(answer.StatusCode == HttpStatusCode.OK, text);
        using var json = JsonDocument.Parse(text);
        Assert.True(json.RootElement.GetProperty("decision").GetString() == "accepted", text);
        return json.RootElement.GetProperty("client_order_id").GetString()!;
    }

    /// <summary>As <see cref="PostAsync"/>, or null when the connection dies with the process.</summary>
    private static async Task<string?> TryPostAsync(HttpClient http, int n, CancellationToken cancellationToken)
    {
        try
        {
            return await PostAsync(http, n, cancellationToken);
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    private static List<PaperTrade> ExchangeTrades(PaperExchangeHost exchange, string symbol)
    {
        Assert.Null(exchange.Venue.TryGetTrades(new TradeQuery(symbol, null, 0, null, null, 1000), out var trades));
        return [.. trades];
    }

    private static PaperOrder Order(PaperExchangeHost exchange, string symbol, long orderId)
    {
        Assert.Null(exchange.Venue.TryGetOrder(symbol, orderId, null, out var order));
        return order;
    }

    private async Task<long> CountFillsAsync(CancellationToken cancellationToken)
    {
        await using var store = await FillStores.OpenAsync(_db, cancellationToken);
        return await store.CountFillsAsync(cancellationToken);
    }

    /// <summary>Until the risk monitor has read its saved state (it saves it again on start, at or after <paramref name="since"/>).</summary>
    private Task MonitorStartedAsync(DateTimeOffset since, CancellationToken cancellationToken) =>
        Wait.UntilAsync(async ct => await RiskStateAsync(ct) is { } s && s.UpdatedAt >= since, "the risk monitor's start", cancellationToken);

    private async Task<StoredRiskState?> RiskStateAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(_dir.PathOf("run.db")))
        {
            return null;
        }

        await using var store = await FillStores.OpenAsync(_db, cancellationToken);
        return (await store.ReadRiskStatesAsync(cancellationToken)).SingleOrDefault(s => s.Name == RiskMonitorOptions.StateName);
    }
}
