using System.Net;

namespace Tally.PaperExchange.Tests;

public sealed class UserTradesQueryTests
{
    private const string Trades = "fapi/v1/userTrades";
    private static readonly long StartMs = ExchangeFixture.Start.ToUnixTimeMilliseconds();
    private static readonly long Day = (long)TimeSpan.FromDays(1).TotalMilliseconds;

    [Theory]
    [InlineData("", -1102)] // symbol is required
    [InlineData("symbol=DOGEUSDT", -1121)]
    [InlineData("symbol=BTCUSDT&fromId=1&startTime=0", -1128)]
    [InlineData("symbol=BTCUSDT&fromId=1&endTime=0", -1128)]
    [InlineData("symbol=BTCUSDT&limit=0", -1130)]
    [InlineData("symbol=BTCUSDT&limit=1001", -1130)]
    [InlineData("symbol=BTCUSDT&fromId=abc", -1130)]
    public async Task Bad_parameters_are_refused(string query, int code)
    {
        await using var x = await ExchangeFixture.StartAsync();
        using var response = await x.Client.SignedGetAsync(Trades, query);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(code, await PaperClient.ErrorCodeAsync(response));
    }

    [Fact]
    public async Task A_window_longer_than_7_days_is_refused_and_exactly_7_days_is_fine()
    {
        await using var x = await ExchangeFixture.StartAsync();
        using (var tooLong = await x.Client.SignedGetAsync(Trades, $"symbol=BTCUSDT&startTime={StartMs}&endTime={StartMs + (7 * Day) + 1}"))
        {
            Assert.Equal(-1127, await PaperClient.ErrorCodeAsync(tooLong));
        }

        using var exact = await x.Client.SignedGetAsync(Trades, $"symbol=BTCUSDT&startTime={StartMs}&endTime={StartMs + (7 * Day)}");
        Assert.Equal(HttpStatusCode.OK, exact.StatusCode);
    }

    [Fact]
    public async Task Without_times_only_the_last_7_days_are_returned_and_windows_select_by_time()
    {
        await using var x = await ExchangeFixture.StartAsync();
        (await x.Client.SignedPostAsync("fapi/v1/order", "symbol=XRPUSDT&side=BUY&type=MARKET&quantity=10")).Dispose();
        x.Clock.Advance(TimeSpan.FromDays(8));
        (await x.Client.SignedPostAsync("fapi/v1/order", "symbol=XRPUSDT&side=BUY&type=MARKET&quantity=20")).Dispose();

        using (var recent = await x.Client.SignedGetAsync(Trades, "symbol=XRPUSDT"))
        {
            var rows = (await PaperClient.JsonAsync(recent)).EnumerateArray().ToList();
            Assert.Equal(20m, PaperClient.Dec(Assert.Single(rows), "qty"));
        }

        using (var first = await x.Client.SignedGetAsync(Trades, $"symbol=XRPUSDT&startTime={StartMs}"))
        {
            var rows = (await PaperClient.JsonAsync(first)).EnumerateArray().ToList();
            Assert.Equal(10m, PaperClient.Dec(Assert.Single(rows), "qty"));
        }

        using var all = await x.Client.SignedGetAsync(Trades, "symbol=XRPUSDT&fromId=0&limit=1000");
        Assert.Equal(2, (await PaperClient.JsonAsync(all)).GetArrayLength());
    }

    [Fact]
    public async Task FromId_is_inclusive_and_limit_caps_the_page()
    {
        await using var x = await ExchangeFixture.StartAsync();
        for (var i = 0; i < 5; i++)
        {
            (await x.Client.SignedPostAsync("fapi/v1/order", "symbol=BNBUSDT&side=BUY&type=MARKET&quantity=0.05")).Dispose();
        }

        using var everything = await x.Client.SignedGetAsync(Trades, "symbol=BNBUSDT");
        var ids = (await PaperClient.JsonAsync(everything)).EnumerateArray().Select(r => r.GetProperty("id").GetInt64()).ToList();
        Assert.Equal(5, ids.Count);

        using var page = await x.Client.SignedGetAsync(Trades, $"symbol=BNBUSDT&fromId={ids[2]}&limit=2");
        Assert.Equal(ids.Skip(2).Take(2), (await PaperClient.JsonAsync(page)).EnumerateArray().Select(r => r.GetProperty("id").GetInt64()));
    }
}
