using System.Net;

namespace Tally.PaperExchange.Tests;

public sealed class ThrottleAndSkewTests
{
    [Fact]
    public async Task A_429_storm_answers_everything_with_retry_after_until_it_ends_and_executes_nothing()
    {
        await using var x = await ExchangeFixture.StartAsync(o => o.RequestWeightPerMinute = 20);
        await StreamProbe.AdminAsync(x, "admin/throttle?ms=30500");

        using (var order = await x.Client.SignedPostAsync("fapi/v1/order", "symbol=ETHUSDT&side=BUY&type=MARKET&quantity=0.1"))
        {
            Assert.Equal((HttpStatusCode)429, order.StatusCode);
            Assert.Equal(-1003, await PaperClient.ErrorCodeAsync(order));
            Assert.Equal("31", order.Headers.GetValues("Retry-After").Single()); // 30.5 s rounded up
        }

        x.Clock.Advance(TimeSpan.FromSeconds(20));
        using (var time = await x.Client.GetAsync("fapi/v1/time"))
        {
            Assert.Equal((HttpStatusCode)429, time.StatusCode);
            Assert.Equal("11", time.Headers.GetValues("Retry-After").Single()); // 10.5 s left
        }

        // 30 × weight 5 during the storm would be far over the limit of 20 if it counted: it does not, so no 418 after.
        for (var i = 0; i < 30; i++)
        {
            using var again = await x.Client.SignedGetAsync("fapi/v2/positionRisk", string.Empty);
            Assert.Equal((HttpStatusCode)429, again.StatusCode);
        }

        x.Clock.Advance(TimeSpan.FromMilliseconds(10_500));
        using (var after = await x.Client.SignedPostAsync("fapi/v1/order", "symbol=ETHUSDT&side=BUY&type=MARKET&quantity=0.1"))
        {
            Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        }

        using var trades = await x.Client.SignedGetAsync("fapi/v1/userTrades", "symbol=ETHUSDT");
        Assert.Equal(1, (await PaperClient.JsonAsync(trades)).GetArrayLength());
    }

    [Fact]
    public async Task A_storm_from_start_comes_from_the_options()
    {
        await using var x = await ExchangeFixture.StartAsync(o => o.ThrottleFor = TimeSpan.FromMinutes(2));
        using (var ping = await x.Client.GetAsync("fapi/v1/ping"))
        {
            Assert.Equal((HttpStatusCode)429, ping.StatusCode);
            Assert.Equal("120", ping.Headers.GetValues("Retry-After").Single());
        }

        x.Clock.Advance(TimeSpan.FromMinutes(2));
        using var later = await x.Client.GetAsync("fapi/v1/ping");
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
    }

    [Fact]
    public async Task Clock_skew_moves_server_time_and_a_client_that_resyncs_gets_through()
    {
        await using var x = await ExchangeFixture.StartAsync(o => o.ClockSkew = TimeSpan.FromMilliseconds(-2500));

        // The client's clock is 2.5 s ahead of the server's: ≥ 1 s ahead is -1021.
        using (var ahead = await x.Client.SignedGetAsync("fapi/v2/positionRisk", string.Empty))
        {
            Assert.Equal(-1021, await PaperClient.ErrorCodeAsync(ahead));
        }

        long serverTime;
        using (var time = await x.Client.GetAsync("fapi/v1/time"))
        {
            serverTime = (await PaperClient.JsonAsync(time)).GetProperty("serverTime").GetInt64();
        }

        Assert.Equal(x.Client.Now - 2500, serverTime);
        using (var resynced = await x.Client.SignedGetAsync("fapi/v2/positionRisk", string.Empty, timestamp: serverTime))
        {
            Assert.Equal(HttpStatusCode.OK, resynced.StatusCode);
        }

        // Skewed the other way (server 6 s ahead): the client's timestamps are older than recvWindow 5000.
        await StreamProbe.AdminAsync(x, "admin/clock-skew?ms=6000");
        using (var behind = await x.Client.SignedGetAsync("fapi/v2/positionRisk", string.Empty))
        {
            Assert.Equal(-1021, await PaperClient.ErrorCodeAsync(behind));
        }

        using var info = await x.Client.GetAsync("fapi/v1/exchangeInfo");
        Assert.Equal(x.Client.Now + 6000, (await PaperClient.JsonAsync(info)).GetProperty("serverTime").GetInt64());
    }

    [Theory]
    [InlineData("drop=0.05,delay=0.1,delay-for=2s,throttle=30s,clock-skew=-2500ms")]
    [InlineData(" drop = 0.05 , delay=0.1,delay-for=2000ms, throttle=30s ,clock-skew=-2500ms ")]
    public void The_fault_spec_sets_rates_and_durations(string spec)
    {
        var options = new PaperExchangeOptions();
        Assert.Null(FaultSpec.Apply(options, spec));
        Assert.Equal(0.05m, options.StreamDropRate);
        Assert.Equal(0.1m, options.StreamDelayRate);
        Assert.Equal(TimeSpan.FromSeconds(2), options.StreamDelay);
        Assert.Equal(TimeSpan.FromSeconds(30), options.ThrottleFor);
        Assert.Equal(TimeSpan.FromMilliseconds(-2500), options.ClockSkew);
        options.Validate();
    }

    [Theory]
    [InlineData("reorder", "--faults: \"reorder\" is not NAME=VALUE")]
    [InlineData("lost-reply=1.5", "--faults: \"lost-reply=1.5\" is not NAME=RATE with a rate from 0 to 1")]
    [InlineData("throttle=-5s", "--faults: \"throttle=-5s\" is not NAME=DURATION like 500ms, 30s, 2m or 1h")]
    [InlineData("delay-for=1d", "--faults: \"delay-for=1d\" is not NAME=DURATION like 500ms, 30s, 2m or 1h")]
    [InlineData("skew=5s", "--faults: \"skew\" is not drop, duplicate, reorder, delay, unavailable, lost-reply, market-drop, market-duplicate, market-reorder, market-delay, delay-for, throttle or clock-skew")]
    public void A_bad_fault_spec_names_the_item(string spec, string expected)
    {
        Assert.Equal(expected, FaultSpec.Apply(new PaperExchangeOptions(), spec));
    }

    [Theory]
    [InlineData("1h", 3_600_000)]
    [InlineData("2m", 120_000)]
    [InlineData("45s", 45_000)]
    [InlineData("-750ms", -750)]
    public void Durations_take_a_unit_and_clock_skew_may_be_negative(string text, long ms)
    {
        Assert.True(FaultSpec.TryParseDuration(text, signed: true, out var duration));
        Assert.Equal(TimeSpan.FromMilliseconds(ms), duration);
    }
}
