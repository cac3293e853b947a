using System.Net;
using System.Text.Json;
using Tally.PaperExchange.Http;

namespace Tally.PaperExchange.Tests;

public sealed class MarketApiTests
{
    [Fact]
    public async Task Host_listens_on_loopback_with_an_os_assigned_port()
    {
        await using var x = await ExchangeFixture.StartAsync();
        Assert.Equal("127.0.0.1", x.Host.BaseAddress.Host);
        Assert.NotEqual(0, x.Host.BaseAddress.Port);
        using var response = await x.Client.GetAsync("fapi/v1/ping");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("{}", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Time_is_the_injected_clock_in_milliseconds()
    {
        await using var x = await ExchangeFixture.StartAsync();
        x.Clock.Advance(TimeSpan.FromMilliseconds(1234));
        using var response = await x.Client.GetAsync("fapi/v1/time");
        var body = await PaperClient.JsonAsync(response);
        Assert.Equal(ExchangeFixture.Start.ToUnixTimeMilliseconds() + 1234, body.GetProperty("serverTime").GetInt64());
    }

    [Fact]
    public async Task Exchange_info_publishes_weight_limit_and_string_filters()
    {
        await using var x = await ExchangeFixture.StartAsync();
        using var response = await x.Client.GetAsync("fapi/v1/exchangeInfo");
        var body = await PaperClient.JsonAsync(response);
        var weight = body.GetProperty("rateLimits").EnumerateArray().Single(l => l.GetProperty("rateLimitType").GetString() == "REQUEST_WEIGHT");
        Assert.Equal("MINUTE", weight.GetProperty("interval").GetString());
        Assert.Equal(2400, weight.GetProperty("limit").GetInt32());

        var symbols = body.GetProperty("symbols").EnumerateArray().ToList();
        Assert.Equal(["BTCUSDT", "ETHUSDT", "SOLUSDT", "BNBUSDT", "XRPUSDT"], symbols.Select(s => s.GetProperty("symbol").GetString()));
        var btcFilters = symbols[0].GetProperty("filters").EnumerateArray().ToDictionary(f => f.GetProperty("filterType").GetString()!);
        Assert.Equal(0.1m, PaperClient.Dec(btcFilters["PRICE_FILTER"], "tickSize"));
        Assert.Equal(0.001m, PaperClient.Dec(btcFilters["LOT_SIZE"], "stepSize"));
        Assert.False(btcFilters["PRICE_FILTER"].TryGetProperty("stepSize", out _));
    }

    [Fact]
    public async Task Used_weight_header_counts_within_the_minute_and_resets_after_it()
    {
        await using var x = await ExchangeFixture.StartAsync();
        for (var i = 1; i <= 3; i++)
        {
            using var response = await x.Client.GetAsync("fapi/v1/ping");
            Assert.Equal(i.ToString(System.Globalization.CultureInfo.InvariantCulture), response.Headers.GetValues(RequestGate.UsedWeightHeader).Single());
        }

        using (var dual = await x.Client.SignedGetAsync("fapi/v1/positionSide/dual", string.Empty))
        {
            Assert.Equal("33", dual.Headers.GetValues(RequestGate.UsedWeightHeader).Single());
        }

        x.Clock.Advance(TimeSpan.FromMinutes(1));
        using var next = await x.Client.GetAsync("fapi/v1/ping");
        Assert.Equal("1", next.Headers.GetValues(RequestGate.UsedWeightHeader).Single());
        Assert.Equal(JsonValueKind.Object, (await PaperClient.JsonAsync(next)).ValueKind);
    }
}
