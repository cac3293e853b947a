using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Tally.Dashboard.Tests;

/// <summary>
/// The dashboard <c>tally run</c> serves at <c>/</c>, in headless chromium, over DESIGN.md §3's worked example played
/// through the API against the paper exchange. Screenshots go under the test output (artifacts/dashboard).
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")] // the fixture's file modes
public sealed partial class DashboardTests(DashboardFixture x) : IClassFixture<DashboardFixture>
{
    private const string Dash = "—";

    [ChromiumFact]
    public async Task The_page_loads_without_console_errors_and_every_asset_comes_from_tally()
    {
        var requested = new List<string>();
        var (page, errors) = await x.OpenAsync();
        page.Request += (_, r) => requested.Add(r.Url);
        await page.ReloadAsync();
        await Expect(page.Locator("[data-test=dashboard]")).ToHaveAttributeAsync("data-live", "true");
        await Expect(page.Locator("[data-test=strategy-positions]")).ToBeVisibleAsync();
        await x.ScreenshotAsync(page, "loaded");

        Assert.Empty(errors);
        Assert.NotEmpty(requested);
        Assert.All(requested, url => Assert.StartsWith(x.Url.GetLeftPart(UriPartial.Authority), url, StringComparison.Ordinal));

        // MudBlazor's stylesheet and script and the framework's blazor.web.js, as the page names them (fingerprinted).
        var html = await x.Api.GetStringAsync(new Uri("/", UriKind.Relative));
        foreach (var asset in new[] { "_content/MudBlazor/MudBlazor.min.css", "_content/MudBlazor/MudBlazor.min.js", "_framework/blazor.web.js" })
        {
            using var plain = await x.Api.GetAsync(new Uri(asset, UriKind.Relative));
            Assert.True(plain.StatusCode == HttpStatusCode.OK, $"{asset}: {(int)plain.StatusCode}");
            Assert.True((await plain.Content.ReadAsByteArrayAsync()).Length > 1000, asset);
        }

        var linked = AssetLinks().Matches(html).Select(m => m.Groups[1].Value).Where(u => u.StartsWith('_')).ToList();
        Assert.Contains(linked, u => u.StartsWith("_content/MudBlazor/MudBlazor.min.", StringComparison.Ordinal) && u.EndsWith(".css", StringComparison.Ordinal));
        foreach (var url in linked)
        {
            using var response = await x.Api.GetAsync(new Uri(url, UriKind.Relative));
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url}: {(int)response.StatusCode}");
        }

        // The stylesheet applied: MudBlazor's app bar is fixed at the top.
        Assert.Equal("fixed", await page.Locator(".mud-appbar").EvaluateAsync<string>("e => getComputedStyle(e).position"));
        await page.CloseAsync();
    }

    [ChromiumFact]
    public async Task After_the_worked_example_strategy_positions_contributions_and_pnl_on_screen_equal_the_api()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var (page, errors) = await x.OpenAsync();

        // A's take-profit on screen, as the worked example has it.
        var a = page.Locator($"tr[data-sp='{x.PositionA}']");
        await Expect(a.Locator("[data-field=status]")).ToHaveTextAsync("closed");
        await Expect(a.Locator("[data-field=close_reason]")).ToHaveTextAsync("take_profit");
        await Expect(a.Locator("[data-field=realized_pnl]")).ToHaveTextAsync("3");
        await Expect(a.Locator("[data-field=take_profit_price]")).ToHaveTextAsync("48000");
        await Expect(a.Locator("[data-field=stop_loss_price]")).ToHaveTextAsync("43000");

        // Every strategy position, contribution and strategy as the API answers (read now: the page is live, so it
        // catches up with anything later by itself).
        foreach (var p in (await x.ReadAsync("api/strategy-positions", "strategy_positions", timeout.Token)).EnumerateArray())
        {
            var row = page.Locator($"tr[data-sp='{p.GetProperty("strategy_position_id").GetString()}']");
            foreach (var field in new[] { "strategy_id", "exchange_position_key", "side", "entry_quantity", "entry_price", "take_profit_price", "stop_loss_price", "status", "open_quantity", "close_reason", "exit_price", "realized_pnl", "net_pnl" })
            {
                await Expect(row.Locator($"[data-field={field}]")).ToHaveTextAsync(Text(p, field));
            }
        }

        var contributions = (await x.ReadAsync("api/contributions", "contributions", timeout.Token)).EnumerateArray().ToList();
        var longs = contributions.Where(c => c.GetProperty("exchange_position_key").GetString() == "BTCUSDT_LONG").OrderBy(c => c.GetProperty("position_sequence").GetInt32());
        Assert.Equal(["A", "B"], longs.Select(c => c.GetProperty("strategy_id").GetString()));
        foreach (var c in contributions)
        {
            var item = page.Locator($"[data-contribution='{c.GetProperty("contribution_id").GetString()}']");
            await Expect(item.Locator("[data-field=strategy_id]")).ToHaveTextAsync(Text(c, "strategy_id"));
            await Expect(item.Locator("[data-field=contribution_quantity]")).ToHaveTextAsync(Text(c, "contribution_quantity"));
            await Expect(item.Locator("[data-field=contribution_entry_price]")).ToHaveTextAsync(Text(c, "contribution_entry_price"));
            await Expect(item.Locator("[data-field=contribution_pnl]")).ToHaveTextAsync(Text(c, "contribution_pnl"));
            await Expect(item.Locator("[data-field=position_sequence]")).ToHaveTextAsync(new Regex($"^{c.GetProperty("position_sequence").GetInt32()}(st|nd|rd|th)$"));
        }

        foreach (var s in (await x.ReadAsync("api/strategies", "strategies", timeout.Token)).EnumerateArray())
        {
            var row = page.Locator($"tr[data-strategy='{s.GetProperty("strategy_id").GetString()}']");
            foreach (var field in new[] { "net_pnl", "max_drawdown" })
            {
                await Expect(row.Locator($"[data-field={field}]")).ToHaveTextAsync(Text(s, field));
            }

            await Expect(row.Locator("[data-field=tp_hits]")).ToHaveTextAsync(s.GetProperty("tp_hits").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture));
            await Expect(row.Locator("[data-field=sl_hits]")).ToHaveTextAsync(s.GetProperty("sl_hits").GetInt32().ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        await Expect(page.Locator("[data-test=curve] svg").First).ToBeVisibleAsync();
        await x.ScreenshotAsync(page, "worked-example");
        Assert.Empty(errors);
        await page.CloseAsync();
    }

    [ChromiumFact]
    public async Task A_new_fill_appears_without_a_reload()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var (page, errors) = await x.OpenAsync();
        var navigations = 0;
        page.FrameNavigated += (_, frame) => navigations += frame == page.MainFrame ? 1 : 0;

        // A short in hedge mode: its own exchange position, BTCUSDT_SHORT, leaving the long's rows as they are.
        var id = await x.SignalAsync("live-c", "C", "sell", "0.001", null, null, timeout.Token);

        var row = page.Locator($"tr[data-sp='{id}']");
        await Expect(row.Locator("[data-field=status]")).ToHaveTextAsync("open");
        await Expect(row.Locator("[data-field=side]")).ToHaveTextAsync("SHORT");
        await Expect(page.Locator("tr[data-ex='BTCUSDT_SHORT'] [data-field=current_quantity]")).ToHaveTextAsync("0.001");
        await Expect(page.Locator("[data-test=feed] [data-feed=fill]").First).ToContainTextAsync("BTCUSDT SHORT");
        await Expect(page.Locator("tr[data-signal='live-c'] [data-field=decision]")).ToHaveTextAsync("accepted");
        await x.ScreenshotAsync(page, "new-fill");

        Assert.Equal(0, navigations);
        Assert.Empty(errors);
        await page.CloseAsync();
    }

    [ChromiumFact]
    public async Task Force_close_asks_for_the_api_token_and_closes_the_position()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var (page, errors) = await x.OpenAsync();
        var b = page.Locator($"tr[data-sp='{x.PositionB}']");
        await Expect(b.Locator("[data-field=status]")).ToHaveTextAsync("open");

        await b.Locator($"[data-close='{x.PositionB}']").ClickAsync();
        var token = page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Textbox, new() { Name = "API token" });
        await Expect(token).ToBeVisibleAsync();
        Assert.Equal("password", await token.GetAttributeAsync("type"));

        // A wrong token is refused in the dialog and nothing is requested.
        await token.FillAsync("not-the-token");
        await page.Locator("[data-test=close-confirm]").ClickAsync();
        await Expect(page.Locator("[data-test=close-problem]")).ToContainTextAsync("not the API token");
        await x.ScreenshotAsync(page, "force-close-token");
        Assert.Equal("open", (await x.PositionAsync(x.PositionB, timeout.Token))?.GetProperty("status").GetString());

        await token.FillAsync(DashboardFixture.Token);
        await page.Locator("[data-test=close-confirm]").ClickAsync();
        await Expect(page.Locator(".mud-snackbar")).ToContainTextAsync("close requested");
        await Expect(token).ToBeHiddenAsync();

        // The request lands in risk_requests; the running monitor closes B (reason manual), and the page shows it.
        await Expect(page.Locator("[data-test=feed]")).ToContainTextAsync($"close requested for {x.PositionB}");
        await DashboardFixture.UntilAsync(async ct => (await x.PositionAsync(x.PositionB, ct))?.GetProperty("status").GetString() == "closed", "B closed by the force close", timeout.Token);
        await Expect(b.Locator("[data-field=status]")).ToHaveTextAsync("closed", new() { Timeout = 30_000 });
        await Expect(b.Locator("[data-field=close_reason]")).ToHaveTextAsync("manual");
        await x.ScreenshotAsync(page, "force-closed");
        Assert.Empty(errors);
        await page.CloseAsync();
    }

    /// <summary>A JSON field as the page shows it: the exact string, or a dash for null.</summary>
    private static string Text(JsonElement row, string field) =>
        row.GetProperty(field) is { ValueKind: JsonValueKind.String } value ? value.GetString()! : Dash;

    [GeneratedRegex("(?:href|src)=\"([^\"]+)\"")]
    private static partial Regex AssetLinks();
}
