using System.Text.Json;

namespace Tally.Cli.Tests;

/// <summary><c>tally demo</c> as a newcomer runs it: one command, the URL first, positions on the API soon after, a clean stop.</summary>
public sealed class DemoCommandTests
{
    [Fact]
    public async Task Demo_prints_the_url_first_shows_positions_on_the_api_within_60_s_and_exits_0_after_its_time()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await using var demo = RunningTally.Start("demo", "--for", "40s", "--port", "0");

        Assert.Equal(0, await demo.StdoutLineAsync("http", timeout.Token));
        var url = new Uri(demo.StdoutLine(0));
        Assert.Matches(@"^http://127\.0\.0\.1:\d+/$", url.AbsoluteUri);
        using var http = new HttpClient { BaseAddress = url };
        using (var positions = new CancellationTokenSource(TimeSpan.FromSeconds(60)))
        {
            await Wait.UntilAsync(
                async ct => await CountAsync(http, "api/strategy-positions", "strategy_positions", ct) > 0 && await CountAsync(http, "api/exchange-positions", "exchange_positions", ct) > 0,
                "strategy and exchange positions over the demo's API",
                positions.Token);
        }

        // A line per action: at least the first strategy position opened.
        await demo.StdoutLineAsync(string.Empty, timeout.Token, after: 2);
        Assert.Equal(0, await demo.ExitAsync(timeout.Token));
    }

    [Fact]
    public async Task Ctrl_c_stops_the_demo_with_exit_0()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await using var demo = RunningTally.Start("demo", "--quiet");

        await demo.StdoutLineAsync("http://127.0.0.1:", timeout.Token);

        Assert.Equal(0, await demo.InterruptAsync(timeout.Token));
    }

    [Theory]
    [InlineData(new[] { "--for", "soon" }, "--for: \"soon\" is not a duration such as 40s, 5m, 1h or 250ms")]
    [InlineData(new[] { "--port", "70000" }, "--port: 70000 is not a port from 0 (any free one) to 65535")]
    [InlineData(new[] { "--prices", "DOGEUSDT=x.csv" }, "--prices: \"DOGEUSDT\" is not a demo symbol (BTCUSDT, ETHUSDT)")]
    public void Bad_options_are_refused_in_one_line_with_exit_2(string[] args, string line)
    {
        var run = TallyRun.Of(["demo", .. args]);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Equal([line], run.StderrLines);
        Assert.Empty(run.Stdout);
    }

    private static async Task<int> CountAsync(HttpClient http, string path, string field, CancellationToken cancellationToken)
    {
        using var json = JsonDocument.Parse(await http.GetStringAsync(new Uri(path, UriKind.Relative), cancellationToken));
        return json.RootElement.GetProperty(field).GetArrayLength();
    }
}
