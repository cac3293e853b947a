using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using Tally.Cli.Tests;
using Tally.Core;
using Tally.PaperExchange;

namespace Tally.Dashboard.Tests;

/// <summary>
/// One <c>tally run</c> process (this build output's tally.dll) following a paper exchange in hedge mode whose
/// BTCUSDT stays put until the test moves it, with DESIGN.md §3's worked example played through the HTTP API up to
/// A's take-profit (A closed +3.00, B open 0.002 @ 46,000 with TP 49,000 and SL 44,000), and one headless chromium.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // file modes
public sealed class DashboardFixture : IAsyncLifetime, IDisposable
{
    public const string Token = "dashboard-token";
    public const string Symbol = "BTCUSDT";

    private readonly TempDirectory _dir = new();
    private PaperExchangeHost? _exchange;
    private RunningTally? _run;
    private IPlaywright? _playwright;
    private HttpClient? _admin;

    public Uri Url { get; private set; } = null!;

    public HttpClient Api { get; private set; } = null!;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>Where screenshots go: under the test output folder.</summary>
    public string Artifacts { get; } = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "artifacts", "dashboard")).FullName;

    /// <summary>Strategy A's position id (its entry order's client id), and B's.</summary>
    public string PositionA { get; private set; } = string.Empty;

    public string PositionB { get; private set; } = string.Empty;

    public string Stderr => _run?.Stderr ?? string.Empty;

    public async Task InitializeAsync()
    {
        if (!File.Exists(Chromium.ExecutablePath) && Environment.GetEnvironmentVariable("CI") != "true")
        {
            return; // every test here skips
        }

        var btc = PaperSymbol.Defaults.Single(s => s.Symbol == Symbol) with { StartPrice = 45_000m, MaxTicksPerStep = 0, MinNotional = 5m };
        _exchange = await PaperExchangeHost.StartAsync(new PaperExchangeOptions { Seed = 12, Symbols = [btc], PositionMode = PositionMode.Hedge, TakerFeeRate = 0m, MakerFeeRate = 0m }, CancellationToken.None);
        _admin = new HttpClient { BaseAddress = _exchange.BaseAddress };
        var keys = _dir.Write("keys", $"{_exchange.ApiKey}\n{_exchange.ApiSecret}\n");
        File.SetUnixFileMode(keys, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var since = DateTimeOffset.UtcNow.AddHours(-1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
        var config = _dir.Write("tally.json", $$"""
            {"accounts": [{ "name": "bot-a", "base_url": "{{_exchange.BaseAddress}}", "credentials_file": "{{keys}}", "symbols": ["{{Symbol}}"], "since": "{{since}}" }],
             "api": { "port": 0, "token": "{{Token}}" } }
            """);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        _run = RunningTally.Start("run", "--config", config, "--db", "sqlite:" + _dir.PathOf("run.db"));
        var line = _run.StdoutLine(await _run.StdoutLineAsync("api: listening on http://127.0.0.1:", timeout.Token));
        Url = new Uri(line.Split(' ')[3]);
        Api = new HttpClient { BaseAddress = Url };
        await _run.StdoutLineAsync("binance-futures/bot-a: Live", timeout.Token);

        // DESIGN §3: A buys 0.001 @ 45,000 (TP 48,000, SL 43,000); B buys 0.002 @ 46,000 (TP 49,000, SL 44,000);
        // the price reaches 48,000 and the exchange fills A's take-profit.
        PositionA = await SignalAsync("wx-a", "A", "buy", "0.001", "48000", "43000", timeout.Token);
        await UntilAsync(async ct => (await PositionAsync(PositionA, ct))?.GetProperty("status").GetString() == "open", "A open", timeout.Token);
        await MovePriceAsync(46_000m, timeout.Token);
        PositionB = await SignalAsync("wx-b", "B", "buy", "0.002", "49000", "44000", timeout.Token);
        await UntilAsync(async ct => (await PositionAsync(PositionB, ct))?.GetProperty("status").GetString() == "open", "B open", timeout.Token);
        await MovePriceAsync(48_000m, timeout.Token);
        await UntilAsync(async ct => (await PositionAsync(PositionA, ct))?.GetProperty("status").GetString() == "closed", "A's take-profit", timeout.Token);

        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium.ExecutablePath,
            Headless = true,
            Args = Chromium.Arguments,
        });
    }

    /// <summary>Posts a signal with the token; the strategy position id (the entry order's client id) it was accepted with.</summary>
    public async Task<string> SignalAsync(string id, string strategy, string action, string quantity, string? takeProfit, string? stopLoss, CancellationToken cancellationToken)
    {
        var body = new Dictionary<string, string> { ["signal_id"] = id, ["strategy_id"] = strategy, ["symbol"] = Symbol, ["action"] = action, ["confidence"] = "0.8", ["quantity"] = quantity };
        if (takeProfit is not null)
        {
            body["take_profit"] = takeProfit;
        }

        if (stopLoss is not null)
        {
            body["stop_loss"] = stopLoss;
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("api/signals", UriKind.Relative))
        {
            Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Token);
        using var response = await Api.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(response.IsSuccessStatusCode, $"signal {id}: {(int)response.StatusCode} {text}");
        using var json = JsonDocument.Parse(text);
        Assert.True(json.RootElement.GetProperty("decision").GetString() == "accepted", text);
        return json.RootElement.GetProperty("client_order_id").GetString()!;
    }

    /// <summary>Moves BTCUSDT's price on the paper exchange (its conditional orders are checked at once).</summary>
    public async Task MovePriceAsync(decimal price, CancellationToken cancellationToken)
    {
        using var response = await _admin!.PostAsync(new Uri($"admin/price?symbol={Symbol}&price={price.ToString(CultureInfo.InvariantCulture)}", UriKind.Relative), null, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>One section of an API read (<c>api/strategy-positions</c> → <c>strategy_positions</c>).</summary>
    public async Task<JsonElement> ReadAsync(string path, string section, CancellationToken cancellationToken)
    {
        using var json = JsonDocument.Parse(await Api.GetStringAsync(new Uri(path, UriKind.Relative), cancellationToken));
        return json.RootElement.GetProperty(section).Clone();
    }

    public async Task<JsonElement?> PositionAsync(string id, CancellationToken cancellationToken)
    {
        foreach (var p in (await ReadAsync("api/strategy-positions", "strategy_positions", cancellationToken)).EnumerateArray())
        {
            if (p.GetProperty("strategy_position_id").GetString() == id)
            {
                return p;
            }
        }

        return null;
    }

    public static Task UntilAsync(Func<CancellationToken, Task<bool>> condition, string what, CancellationToken cancellationToken) =>
        Wait.UntilAsync(condition, what, cancellationToken);

    /// <summary>A new page that records console errors and failed requests.</summary>
    public async Task<(IPage Page, List<string> Errors)> OpenAsync()
    {
        var page = await Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1600, Height = 1400 } });
        var errors = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type is "error")
            {
                lock (errors)
                {
                    errors.Add($"console: {message.Text}");
                }
            }
        };
        page.PageError += (_, error) =>
        {
            lock (errors)
            {
                errors.Add($"page error: {error}");
            }
        };
        page.RequestFailed += (_, request) =>
        {
            lock (errors)
            {
                errors.Add($"request failed: {request.Url} {request.Failure}");
            }
        };
        await page.GotoAsync(Url.AbsoluteUri);

        // Interactive: the circuit is up and the page follows the log.
        await Assertions.Expect(page.Locator("[data-test=dashboard]")).ToHaveAttributeAsync("data-live", "true");
        return (page, errors);
    }

    /// <summary>Saves a full-page screenshot under <see cref="Artifacts"/> and prints its path.</summary>
    public async Task<string> ScreenshotAsync(IPage page, string name)
    {
        var path = Path.Combine(Artifacts, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        Console.WriteLine($"screenshot: {path}");
        return path;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        Api?.Dispose();
        if (_run is not null)
        {
            await _run.DisposeAsync();
        }

        if (_exchange is not null)
        {
            await _exchange.DisposeAsync();
        }
    }

    public void Dispose()
    {
        _admin?.Dispose();
        _dir.Dispose();
    }
}
