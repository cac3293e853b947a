using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Tally.Cli.Tests;

public sealed partial class PaperExchangeCommandTests
{
    [Fact]
    public async Task Paper_exchange_prints_its_address_and_keys_and_answers_on_loopback()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var run = TallyProcess.RunUntilAsync("paper exchange (Binance USD-M futures) at ", cancel.Token, "paper-exchange", "--seed", "5", "--api-key", "k", "--api-secret", "s");
        var (output, stop) = await run;
        await using (stop)
        {
            var url = AddressPattern().Match(output).Groups[1].Value;
            Assert.StartsWith("http://127.0.0.1:", url, StringComparison.Ordinal);
            using var http = new HttpClient { BaseAddress = new Uri(url) };
            var time = await http.GetFromJsonAsync<JsonElement>("fapi/v1/time", cancel.Token);
            Assert.True(time.GetProperty("serverTime").GetInt64() > 0);
        }
    }

    [Theory]
    [InlineData("drop=2", "--faults: \"drop=2\" is not NAME=RATE with a rate from 0 to 1")]
    [InlineData("melt=0.1", "--faults: \"melt\" is not drop, duplicate, reorder, delay, unavailable, lost-reply, market-drop, market-duplicate, market-reorder, market-delay, delay-for, throttle or clock-skew")]
    [InlineData("throttle=30", "--faults: \"throttle=30\" is not NAME=DURATION like 500ms, 30s, 2m or 1h")]
    [InlineData("clock-skew=2.5s", "--faults: \"clock-skew=2.5s\" is not NAME=DURATION like 500ms, 30s, 2m, 1h or -2500ms")]
    public void Bad_fault_spec_is_refused_with_one_line(string spec, string expected)
    {
        var run = TallyRun.Of("paper-exchange", "--faults", spec);
        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Equal([expected], run.StderrLines);
        Assert.Empty(run.Stdout);
    }

    [Fact]
    public void Key_without_secret_is_refused()
    {
        var run = TallyRun.Of("paper-exchange", "--api-key", "k");
        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Equal(["--api-key and --api-secret go together"], run.StderrLines);
    }

    [GeneratedRegex(@"at (http://\S+)")]
    private static partial Regex AddressPattern();
}
