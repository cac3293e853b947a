using System.Net;

namespace Tally.PaperExchange.Tests;

public sealed class RateLimitTests
{
    [Fact]
    public async Task Past_the_weight_limit_429_with_retry_after_then_418_ban_when_the_client_keeps_sending()
    {
        await using var x = await ExchangeFixture.StartAsync(o => o.RequestWeightPerMinute = 10);
        x.Clock.Advance(TimeSpan.FromSeconds(15)); // 45 s left in the minute
        for (var i = 0; i < 10; i++)
        {
            using var ok = await x.Client.GetAsync("fapi/v1/ping");
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        using (var limited = await x.Client.GetAsync("fapi/v1/ping"))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(45), limited.Headers.RetryAfter?.Delta);
            Assert.Equal(-1003, await PaperClient.ErrorCodeAsync(limited));
        }

        // Ignoring Retry-After: banned for the first ban length (2 min).
        x.Clock.Advance(TimeSpan.FromSeconds(1));
        using (var banned = await x.Client.GetAsync("fapi/v1/ping"))
        {
            Assert.Equal((HttpStatusCode)418, banned.StatusCode);
            Assert.Equal(TimeSpan.FromMinutes(2), banned.Headers.RetryAfter?.Delta);
            Assert.Equal(-1003, await PaperClient.ErrorCodeAsync(banned));
        }

        // Still banned in the next minute, even with weight to spare.
        x.Clock.Advance(TimeSpan.FromSeconds(60));
        using (var stillBanned = await x.Client.GetAsync("fapi/v1/time"))
        {
            Assert.Equal((HttpStatusCode)418, stillBanned.StatusCode);
        }

        x.Clock.Advance(TimeSpan.FromSeconds(60));
        using var afterBan = await x.Client.GetAsync("fapi/v1/ping");
        Assert.Equal(HttpStatusCode.OK, afterBan.StatusCode);
    }

    [Fact]
    public async Task A_client_that_honours_retry_after_is_not_banned()
    {
        await using var x = await ExchangeFixture.StartAsync(o => o.RequestWeightPerMinute = 30);
        using (var first = await x.Client.SignedGetAsync("fapi/v1/positionSide/dual", string.Empty))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        }

        using (var limited = await x.Client.GetAsync("fapi/v1/ping"))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
            x.Clock.Advance(limited.Headers.RetryAfter!.Delta!.Value);
        }

        using var later = await x.Client.GetAsync("fapi/v1/ping");
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
    }

    [Fact]
    public async Task Bans_double_each_time()
    {
        await using var x = await ExchangeFixture.StartAsync(o => o.RequestWeightPerMinute = 1);
        var bans = new List<TimeSpan>();
        for (var round = 0; round < 3; round++)
        {
            (await x.Client.GetAsync("fapi/v1/ping")).Dispose(); // uses the minute's weight
            using (var limited = await x.Client.GetAsync("fapi/v1/ping"))
            {
                Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
            }

            using (var banned = await x.Client.GetAsync("fapi/v1/ping"))
            {
                Assert.Equal((HttpStatusCode)418, banned.StatusCode);
                bans.Add(banned.Headers.RetryAfter!.Delta!.Value);
                x.Clock.Advance(bans[^1] + TimeSpan.FromMinutes(1));
            }
        }

        Assert.Equal([TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(4), TimeSpan.FromMinutes(8)], bans);
    }

    [Fact]
    public async Task Order_counts_are_reported_per_10_seconds_and_minute_and_past_the_limit_are_minus_1015()
    {
        await using var x = await ExchangeFixture.StartAsync(o => o.OrdersPer10Seconds = 3);
        for (var i = 1; i <= 3; i++)
        {
            using var ok = await x.Client.SignedPostAsync("fapi/v1/order", "symbol=XRPUSDT&side=BUY&type=MARKET&quantity=10");
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            Assert.Equal(i.ToString(System.Globalization.CultureInfo.InvariantCulture), ok.Headers.GetValues("X-MBX-ORDER-COUNT-10S").Single());
            Assert.Equal(i.ToString(System.Globalization.CultureInfo.InvariantCulture), ok.Headers.GetValues("X-MBX-ORDER-COUNT-1M").Single());
        }

        using (var over = await x.Client.SignedPostAsync("fapi/v1/order", "symbol=XRPUSDT&side=BUY&type=MARKET&quantity=10"))
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, over.StatusCode);
            Assert.Equal(-1015, await PaperClient.ErrorCodeAsync(over));
        }

        x.Clock.Advance(TimeSpan.FromSeconds(10));
        using var next = await x.Client.SignedPostAsync("fapi/v1/order", "symbol=XRPUSDT&side=BUY&type=MARKET&quantity=10");
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.Equal("1", next.Headers.GetValues("X-MBX-ORDER-COUNT-10S").Single());
        Assert.Equal("4", next.Headers.GetValues("X-MBX-ORDER-COUNT-1M").Single());
    }
}
