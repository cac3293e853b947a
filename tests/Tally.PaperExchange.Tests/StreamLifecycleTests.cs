using System.Net;
using System.Net.WebSockets;

namespace Tally.PaperExchange.Tests;

/// <summary>
/// Pings, pong timeouts, listenKey expiry and the delay fault. Ping timing runs on the wall clock (the WebSocket
/// stack's own timers), so those tests use short intervals, assert outcomes, never durations, and wait for what
/// the server did (a connection dropped) rather than for a time; listenKey expiry and delays run on the fake clock.
/// </summary>
public sealed class StreamLifecycleTests
{
    [Fact]
    public async Task A_silent_stream_keeps_answering_pings_and_stays_open_past_many_pong_timeouts()
    {
        await using var x = await ExchangeFixture.StartAsync(o =>
        {
            o.PingInterval = TimeSpan.FromMilliseconds(50);
            o.PongTimeout = TimeSpan.FromMilliseconds(300);
        });
        using var socket = await StreamProbe.ConnectAsync(x);
        await StreamProbe.AdminAsync(x, "admin/stream-faults?kind=silent&count=4");

        // A pending receive is what makes the client answer the server's pings.
        var next = StreamProbe.ReceiveAsync(socket);
        await OrderAsync(x, "BUY", "hushed");

        // Three pong timeouts pass, one after another: each time a second client that does not read (so never
        // pongs) connects and is dropped by the server, while the first stays.
        for (var i = 0; i < 3; i++)
        {
            using var deaf = await StreamProbe.ConnectAsync(x);
            Assert.Equal(2, x.Host.UserStream.Connections);
            await Wait.UntilAsync(() => x.Host.UserStream.Connections == 1, "the server to drop the client that does not pong");
        }

        await OrderAsync(x, "SELL", "heard");

        var e = await next;
        Assert.Equal("ORDER:NEW", StreamProbe.Describe(e));
        Assert.Equal("heard", e.GetProperty("o").GetProperty("c").GetString());
        Assert.Equal(WebSocketState.Open, socket.State);
    }

    [Fact]
    public async Task A_client_that_never_answers_pings_is_dropped_after_the_pong_timeout()
    {
        await using var x = await ExchangeFixture.StartAsync(o =>
        {
            o.PingInterval = TimeSpan.FromMilliseconds(50);
            o.PongTimeout = TimeSpan.FromMilliseconds(200);
        });
        using var socket = await StreamProbe.ConnectAsync(x);

        // Not reading: the client's WebSocket never sees the pings, so never pongs.
        await Wait.UntilAsync(() => x.Host.UserStream.Connections == 0, "the server to drop the connection");
        await OrderAsync(x, "BUY", "after-drop");

        var ended = false;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            var result = await socket.ReceiveAsync(new byte[64 * 1024], timeout.Token);
            ended = result.MessageType == WebSocketMessageType.Close;
        }
        catch (WebSocketException)
        {
            ended = true;
        }

        Assert.True(ended, "the server should have dropped the connection");
    }

    [Fact]
    public async Task Sixty_minutes_without_keepalive_sends_listen_key_expired_and_closes()
    {
        await using var x = await ExchangeFixture.StartAsync(o => o.ListenKeyCheckInterval = TimeSpan.FromMilliseconds(20));
        var key = await StreamProbe.ListenKeyAsync(x);
        using var socket = await StreamProbe.ConnectAsync(x, key);

        x.Clock.Advance(TimeSpan.FromMinutes(60));
        var expired = await StreamProbe.ReceiveAsync(socket);
        Assert.Equal("listenKeyExpired", expired.GetProperty("e").GetString());
        Assert.Equal(key, expired.GetProperty("listenKey").GetString());
        Assert.Equal(ExchangeFixture.Start.AddMinutes(60).ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture), expired.GetProperty("E").GetString());

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var result = await socket.ReceiveAsync(new byte[1024], timeout.Token);
        Assert.Equal(WebSocketMessageType.Close, result.MessageType);

        using var keepAlive = await x.Client.SendAsync(new HttpRequestMessage(HttpMethod.Put, new Uri("fapi/v1/listenKey", UriKind.Relative)));
        Assert.Equal(-1125, await PaperClient.ErrorCodeAsync(keepAlive));
    }

    [Fact]
    public async Task A_keepalive_within_the_hour_keeps_the_key_and_the_socket()
    {
        await using var x = await ExchangeFixture.StartAsync(o => o.ListenKeyCheckInterval = TimeSpan.FromMilliseconds(20));
        var key = await StreamProbe.ListenKeyAsync(x);
        using var socket = await StreamProbe.ConnectAsync(x, key);

        x.Clock.Advance(TimeSpan.FromMinutes(50));
        using (var keepAlive = await x.Client.SendAsync(new HttpRequestMessage(HttpMethod.Put, new Uri("fapi/v1/listenKey", UriKind.Relative))))
        {
            Assert.Equal(HttpStatusCode.OK, keepAlive.StatusCode);
        }

        x.Clock.Advance(TimeSpan.FromMinutes(50)); // 100 minutes after the start, 50 after the keep-alive

        // The expiry check the connection runs periodically, run now: the key is not due, so nothing is expired.
        Assert.False(x.Host.UserStream.ExpireIfDue());
        await OrderAsync(x, "BUY", "still-here");
        Assert.Equal("still-here", (await StreamProbe.ReceiveAsync(socket)).GetProperty("o").GetProperty("c").GetString());
        Assert.Equal(key, await StreamProbe.ListenKeyAsync(x));
    }

    [Fact]
    public async Task A_delay_fault_holds_the_event_and_everything_after_it_until_the_clock_passes_the_delay()
    {
        await using var x = await ExchangeFixture.StartAsync();
        using var socket = await StreamProbe.ConnectAsync(x);
        await StreamProbe.AdminAsync(x, "admin/stream-faults?kind=delay&count=1&ms=5000");

        var first = StreamProbe.ReceiveAsync(socket);
        await OrderAsync(x, "BUY", "held-1");
        await OrderAsync(x, "SELL", "held-2");

        // Events are published before the order's answer: all eight are held, none sent, until the exchange clock
        // (a fake clock, whose timers fire inside Advance) passes the delay.
        Assert.Equal(8, x.Host.UserStream.HeldEvents);
        x.Clock.Advance(TimeSpan.FromMilliseconds(4999));
        Assert.Equal(8, x.Host.UserStream.HeldEvents);
        Assert.False(first.IsCompleted);

        x.Clock.Advance(TimeSpan.FromMilliseconds(1));
        Assert.Equal(0, x.Host.UserStream.HeldEvents);
        var seen = new List<string> { Describe(await first) };
        for (var i = 0; i < 7; i++)
        {
            seen.Add(Describe(await StreamProbe.ReceiveAsync(socket)));
        }

        Assert.Equal(
            [
                "held-1 ORDER:NEW", "held-1 TRADE_LITE", "held-1 ORDER:TRADE", "ACCOUNT_UPDATE",
                "held-2 ORDER:NEW", "held-2 TRADE_LITE", "held-2 ORDER:TRADE", "ACCOUNT_UPDATE",
            ],
            seen);
    }

    [Fact]
    public async Task A_delay_rate_of_one_holds_every_event_for_the_configured_delay()
    {
        await using var x = await ExchangeFixture.StartAsync(o =>
        {
            o.StreamDelayRate = 1m;
            o.StreamDelay = TimeSpan.FromSeconds(2);
        });
        using var socket = await StreamProbe.ConnectAsync(x);
        var first = StreamProbe.ReceiveAsync(socket);
        await OrderAsync(x, "BUY", "late");
        Assert.Equal(4, x.Host.UserStream.HeldEvents);
        Assert.False(first.IsCompleted);

        x.Clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(0, x.Host.UserStream.HeldEvents);
        var seen = new List<string> { Describe(await first) };
        for (var i = 0; i < 3; i++)
        {
            seen.Add(Describe(await StreamProbe.ReceiveAsync(socket)));
        }

        Assert.Equal(["late ORDER:NEW", "late TRADE_LITE", "late ORDER:TRADE", "ACCOUNT_UPDATE"], seen);
    }

    private static string Describe(System.Text.Json.JsonElement e)
    {
        var what = StreamProbe.Describe(e);
        if (e.TryGetProperty("c", out var c))
        {
            return $"{c.GetString()} {what}";
        }

        return e.TryGetProperty("o", out var o) && o.TryGetProperty("c", out var oc) ? $"{oc.GetString()} {what}" : what;
    }

    private static async Task OrderAsync(ExchangeFixture x, string side, string clientOrderId)
    {
        using var response = await x.Client.SignedPostAsync("fapi/v1/order", $"symbol=ETHUSDT&side={side}&type=MARKET&quantity=0.25&newClientOrderId={clientOrderId}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
