using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Tally.Cli.Tests;

/// <summary>paper-exchange's --prices, --history and --funding-rate flags.</summary>
public sealed partial class PaperExchangeMoneyFlagsTests
{
    private static readonly string BinanceBtcHours = SharedFolder.PathOf(SharedFolder.LeanData, "crypto", "binance", "hour", "btcusdt_trade.zip");

    [FixtureFact(SharedFolder.LeanData)]
    public async Task Prices_from_a_lean_file_history_and_a_fixed_funding_rate_show_on_the_wire()
    {
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var run = TallyProcess.RunUntilAsync(
            "paper exchange (Binance USD-M futures) at ",
            cancel.Token,
            "paper-exchange", "--prices", $"BTCUSDT={BinanceBtcHours}", "--history", "50", "--funding-rate", "0.0002");
        var (output, stop) = await run;
        await using (stop)
        {
            using var http = new HttpClient { BaseAddress = new Uri(AddressPattern().Match(output).Groups[1].Value) };
            var premium = await http.GetFromJsonAsync<JsonElement>("fapi/v1/premiumIndex?symbol=BTCUSDT", cancel.Token);

            // The file's first close, 8955.01, on BTCUSDT's 0.1 tick.
            Assert.Equal("8955.00000000", premium.GetProperty("markPrice").GetString());
            Assert.Equal("0.00020000", premium.GetProperty("lastFundingRate").GetString());
        }
    }

    [Theory]
    [InlineData("BTCUSDT", "--prices: \"BTCUSDT\" is not SYMBOL=FILE")]
    [InlineData("BTCUSDT=/no/such/folder/none.zip", "paper-exchange: price file \"/no/such/folder/none.zip\" does not exist")]
    public void A_bad_price_file_is_refused_with_one_line(string spec, string expected)
    {
        var run = TallyRun.Of("paper-exchange", "--prices", spec);
        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Equal([expected], run.StderrLines);
    }

    [Fact]
    public void A_bad_funding_rate_is_refused_with_one_line()
    {
        var run = TallyRun.Of("paper-exchange", "--funding-rate", "lots");
        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Equal(["--funding-rate: \"lots\" is not a decimal number"], run.StderrLines);
    }

    [GeneratedRegex(@"at (http://\S+)")]
    private static partial Regex AddressPattern();
}
