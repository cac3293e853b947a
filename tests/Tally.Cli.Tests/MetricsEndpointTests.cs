using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Tally.Core;
using Tally.PaperExchange;

namespace Tally.Cli.Tests;

/// <summary>
/// <c>tally run</c>'s <c>/metrics</c> after DESIGN.md §3's worked example, run for real: <c>tally run</c> in hedge mode
/// against the paper exchange, the two entries sent with <c>tally signal</c>, the price moved so that the exchange
/// triggers A's take-profit and then B's stop. Scraped once the example is done; every metric the Grafana dashboards
/// under deploy/grafana query is there.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // file modes
public sealed partial class MetricsEndpointTests(MetricsEndpointTests.WorkedExampleRun run) : IClassFixture<MetricsEndpointTests.WorkedExampleRun>
{
    [Fact]
    public void After_the_worked_example_the_design_counters_have_exact_values_and_labels()
    {
        var m = run.Scrape;

        Assert.Equal(2, m.Value("tradeengine_strategy_positions_opened_total"));
        Assert.Equal(1, m.Value("tradeengine_strategy_positions_closed_total", "close_reason=take_profit"));
        Assert.Equal(1, m.Value("tradeengine_strategy_positions_closed_total", "close_reason=stop_loss"));
        Assert.Equal(["stop_loss", "take_profit"], m.Find("tradeengine_strategy_positions_closed_total").Select(s => s.Labels["close_reason"]).Order(StringComparer.Ordinal));
        Assert.Equal(1, m.Value("tradeengine_positions_opened_total", "position_side=long"));
        Assert.Equal(1, m.Value("tradeengine_positions_opened_total"));
        Assert.Equal(2, m.Value("tradeengine_signals_total", "decision=accepted"));
        Assert.Null(m.Value("tradeengine_signals_total", "decision=rejected"));
    }

    [Fact]
    public void After_the_worked_example_the_ledger_and_strategy_metrics_say_what_happened()
    {
        var m = run.Scrape;

        // Two entries and two exits, all on bot-a; the long cycle closed with −1.00 (the ledger's 2.33 − 3.33).
        Assert.Equal(4, m.Value("tradeengine_fills_ingested_total", "venue=binance-futures", "account=bot-a"));
        Assert.Equal(1, m.Value("tradeengine_positions_closed_total", "position_side=long", "result=loss"));
        Assert.Equal(-1.00, m.Value("tradeengine_position_realized_pnl", "position_side=long")!.Value, 6);
        Assert.Equal(0, m.Value("tradeengine_open_positions"));
        Assert.Equal(0, m.Value("tradeengine_hedged_symbols"));

        // A took profit (+3.00), B was stopped (−4.00).
        Assert.Equal(1, m.Value("tradeengine_strategy_trades_total", "strategy_id=A", "close_reason=take_profit", "result=win"));
        Assert.Equal(1, m.Value("tradeengine_strategy_trades_total", "strategy_id=B", "close_reason=stop_loss", "result=loss"));
        Assert.Equal(3.00, m.Value("tradeengine_strategy_realized_pnl", "strategy_id=A")!.Value, 6);
        Assert.Equal(-4.00, m.Value("tradeengine_strategy_realized_pnl", "strategy_id=B")!.Value, 6);
        Assert.Equal(1, m.Value("tradeengine_strategy_position_duration_seconds_count", "strategy_id=A"));
        Assert.Equal(1, m.Value("tradeengine_strategy_position_duration_seconds_count", "strategy_id=B"));
        Assert.Equal(0, m.Value("tradeengine_strategy_open_positions"));
        Assert.Equal(0, m.Value("tradeengine_shared_positions"));

        // The account's stream is open, never reconnected; the exchange reported the weight it counted.
        Assert.Equal(1, m.Value("tradeengine_stream_connected", "account=bot-a"));
        Assert.Equal(0, m.Value("tradeengine_stream_reconnects_total", "account=bot-a"));
        Assert.True(m.Value("tradeengine_rest_weight_used", "account=bot-a") > 0);
        Assert.True(m.Value("tradeengine_risk_tick_to_decision_seconds_count") > 0);
        Assert.Equal(0, m.Value("tradeengine_risk_breaker_level"));
    }

    [Fact]
    public void Every_metric_a_grafana_panel_queries_is_served()
    {
        var queried = DashboardQueries.All();

        Assert.NotEmpty(queried);
        var missing = queried.Select(q => q.Metric).Distinct(StringComparer.Ordinal).Where(name => !run.Scrape.Names.Contains(name)).ToList();
        Assert.True(missing.Count == 0, $"queried by a dashboard but not at /metrics: {string.Join(", ", missing)}");
    }

    /// <summary>DESIGN.md §3's worked example through <c>tally run</c> and <c>tally signal</c>, then a scrape of /metrics.</summary>
    public sealed class WorkedExampleRun : IAsyncLifetime, IDisposable
    {
        private const string Token = "metrics-token";
        private readonly TempDirectory _dir = new();

        public PrometheusText Scrape { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            var btc = PaperSymbol.Defaults.Single(s => s.Symbol == "BTCUSDT") with { StartPrice = 45_000m, MaxTicksPerStep = 0, MinNotional = 5m };
            await using var exchange = await PaperExchangeHost.StartAsync(new PaperExchangeOptions { Seed = 12, Symbols = [btc], PositionMode = PositionMode.Hedge }, CancellationToken.None);
            var keys = _dir.Write("keys", $"{exchange.ApiKey}\n{exchange.ApiSecret}\n");
            File.SetUnixFileMode(keys, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            var since = DateTimeOffset.UtcNow.AddDays(-1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
            // TP and SL are the exchange's conditional orders here: the monitor watching the same levels would send a
            // second exit when a tick reaches them before the venue's fill is in (the next strategy position pays for it).
            var config = _dir.Write("tally.json", $$"""
                {"accounts": [{ "name": "bot-a", "base_url": "{{exchange.BaseAddress}}", "credentials_file": "{{keys}}", "symbols": ["BTCUSDT"], "since": "{{since}}" }],
                 "api": { "port": 0, "token": "{{Token}}" },
                 "risk": { "watch_take_profit_stop_loss": false } }
                """);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
            await using var tally = RunningTally.Start(new Dictionary<string, string> { ["POSITION_MODE"] = "hedge" }, "run", "--config", config, "--db", "sqlite:" + _dir.PathOf("run.db"));
            var url = new Uri(tally.StdoutLine(await tally.StdoutLineAsync("api: listening on http://127.0.0.1:", timeout.Token)).Split(' ')[3]);
            using var api = new HttpClient { BaseAddress = url };
            using var admin = new HttpClient { BaseAddress = exchange.BaseAddress };
            await tally.StdoutLineAsync("binance-futures/bot-a: Live", timeout.Token);

            int AlgoOrders() => exchange.Venue.OpenAlgoOrders("BTCUSDT").Count;
            async Task<int> ClosedAsync(CancellationToken ct)
            {
                using var json = JsonDocument.Parse(await api.GetStringAsync(new Uri("api/strategy-positions?status=closed", UriKind.Relative), ct));
                return json.RootElement.GetProperty("strategy_positions").GetArrayLength();
            }

            async Task PriceAsync(decimal price)
            {
                using var response = await admin.PostAsync(new Uri($"admin/price?symbol=BTCUSDT&price={price.ToString(CultureInfo.InvariantCulture)}", UriKind.Relative), null, timeout.Token);
                response.EnsureSuccessStatusCode();
            }

            // A buys 0.001 @ 45,000 (TP 48,000, SL 43,000); B buys 0.002 @ 46,000 (TP 49,000, SL 44,000).
            Signal(url, "a-1", "A", "0.8", "0.001", "48000", "43000");
            await Wait.UntilAsync(_ => Task.FromResult(AlgoOrders() == 2), "A's TP and SL on the venue", timeout.Token);
            await PriceAsync(46_000m);
            Signal(url, "b-1", "B", "0.7", "0.002", "49000", "44000");
            await Wait.UntilAsync(_ => Task.FromResult(AlgoOrders() == 4), "B's TP and SL on the venue", timeout.Token);

            // 48,000: A's take-profit; 44,000: B's stop.
            await PriceAsync(48_000m);
            await Wait.UntilAsync(async ct => await ClosedAsync(ct) == 1 && AlgoOrders() == 2, "A closed by its take-profit", timeout.Token);
            await PriceAsync(44_000m);
            await Wait.UntilAsync(async ct => await ClosedAsync(ct) == 2 && AlgoOrders() == 0, "B closed by its stop", timeout.Token);

            // Counters move as the changes reach them: scrape until the example's last ones and every dashboard metric are in.
            var wanted = DashboardQueries.All().Select(q => q.Metric).ToHashSet(StringComparer.Ordinal);
            await Wait.UntilAsync(
                async ct =>
                {
                    Scrape = PrometheusText.Parse(await api.GetStringAsync(new Uri("metrics", UriKind.Relative), ct));
                    return Scrape.Value("tradeengine_strategy_positions_closed_total", "close_reason=stop_loss") == 1
                        && Scrape.Value("tradeengine_strategy_trades_total", "strategy_id=B") == 1
                        && wanted.IsSubsetOf(Scrape.Names);
                },
                "the worked example's counters and every dashboard metric at /metrics",
                timeout.Token);
            Assert.Equal(ExitCodes.Ok, await tally.TerminateAsync(timeout.Token));

        }

        public Task DisposeAsync() => Task.CompletedTask;

        public void Dispose() => _dir.Dispose();

        private static void Signal(Uri url, string id, string strategy, string confidence, string quantity, string takeProfit, string stopLoss)
        {
            var posted = TallyRun.Of("signal", "--url", url.AbsoluteUri, "--token", Token, "--id", id, "--strategy", strategy, "--symbol", "BTCUSDT", "--action", "buy", "--confidence", confidence, "--quantity", quantity, "--take-profit", takeProfit, "--stop-loss", stopLoss);
            Assert.True(posted.ExitCode == ExitCodes.Ok, posted.Stdout + posted.Stderr);
            Assert.StartsWith($"{id}: accepted: ", posted.Stdout, StringComparison.Ordinal);
        }
    }
}

/// <summary>The PromQL expressions of the Grafana dashboards under deploy/grafana/dashboards, and the metrics they name.</summary>
internal static partial class DashboardQueries
{
    public static IReadOnlyList<string> Files => [.. Directory.GetFiles(RepositoryFiles.Under("deploy", "grafana", "dashboards"), "*.json").Order(StringComparer.Ordinal)];

    /// <summary>Every (dashboard, panel, metric) a target's <c>expr</c> names.</summary>
    public static IReadOnlyList<(string Dashboard, string Panel, string Metric)> All()
    {
        var found = new List<(string, string, string)>();
        foreach (var file in Files)
        {
            using var json = JsonDocument.Parse(File.ReadAllText(file));
            foreach (var panel in Panels(json.RootElement))
            {
                var title = panel.GetProperty("title").GetString()!;
                foreach (var target in panel.TryGetProperty("targets", out var targets) ? targets.EnumerateArray() : default)
                {
                    var expr = target.GetProperty("expr").GetString()!;
                    found.AddRange(MetricName().Matches(expr).Select(m => (Path.GetFileName(file), title, m.Value)));
                }
            }
        }

        return found;
    }

    /// <summary>Every panel, rows' nested panels included.</summary>
    public static IEnumerable<JsonElement> Panels(JsonElement dashboard)
    {
        foreach (var panel in dashboard.GetProperty("panels").EnumerateArray())
        {
            yield return panel;
            if (panel.TryGetProperty("panels", out var nested))
            {
                foreach (var inner in nested.EnumerateArray())
                {
                    yield return inner;
                }
            }
        }
    }

    /// <summary>Tally's metrics all start with tradeengine_ (DESIGN.md §7); PromQL's functions and labels never do.</summary>
    [GeneratedRegex(@"\btradeengine_[a-z0-9_]+\b")]
    private static partial Regex MetricName();
}
