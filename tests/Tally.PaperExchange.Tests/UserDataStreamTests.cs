using static Tally.PaperExchange.Tests.StreamProbe;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Tally.PaperExchange.Tests;

public sealed class UserDataStreamTests
{
    [Fact]
    public async Task A_fill_arrives_as_new_then_trade_then_account_update_matching_user_trades()
    {
        await using var x = await ExchangeFixture.StartAsync();
        using var socket = await ConnectAsync(x);

        using (var placed = await x.Client.SignedPostAsync("fapi/v1/order", "symbol=ETHUSDT&side=BUY&type=MARKET&quantity=0.25&newClientOrderId=ws-1"))
        {
            Assert.Equal(HttpStatusCode.OK, placed.StatusCode);
        }

        var newEvent = await ReceiveAsync(socket);
        var liteEvent = await ReceiveAsync(socket);
        var tradeEvent = await ReceiveAsync(socket);
        var accountEvent = await ReceiveAsync(socket);

        Assert.Equal("ORDER_TRADE_UPDATE", newEvent.GetProperty("e").GetString());
        Assert.Equal("NEW", newEvent.GetProperty("o").GetProperty("x").GetString());
        Assert.Equal(0, newEvent.GetProperty("o").GetProperty("t").GetInt64());

        var o = tradeEvent.GetProperty("o");
        Assert.Equal("TRADE", o.GetProperty("x").GetString());
        Assert.Equal("FILLED", o.GetProperty("X").GetString());
        Assert.Equal("ws-1", o.GetProperty("c").GetString());

        // TRADE_LITE first: the fill without fee or realized PnL (fixture nautilus_fapi_ws_trade_lite.json).
        Assert.Equal("TRADE_LITE", liteEvent.GetProperty("e").GetString());
        Assert.Equal(o.GetProperty("t").GetInt64(), liteEvent.GetProperty("t").GetInt64());
        Assert.Equal(o.GetProperty("i").GetInt64(), liteEvent.GetProperty("i").GetInt64());
        Assert.Equal(o.GetProperty("L").GetString(), liteEvent.GetProperty("L").GetString());
        Assert.Equal("0.25", liteEvent.GetProperty("l").GetString());
        Assert.Equal("0.250", liteEvent.GetProperty("q").GetString());
        Assert.Equal("0.00", liteEvent.GetProperty("p").GetString());
        Assert.Equal("ws-1", liteEvent.GetProperty("c").GetString());
        Assert.Equal("BUY", liteEvent.GetProperty("S").GetString());
        Assert.False(liteEvent.GetProperty("m").GetBoolean());
        Assert.Equal(tradeEvent.GetProperty("T").GetInt64(), liteEvent.GetProperty("T").GetInt64());
        Assert.False(liteEvent.TryGetProperty("n", out _));
        Assert.False(liteEvent.TryGetProperty("rp", out _));

        using (var trades = await x.Client.SignedGetAsync("fapi/v1/userTrades", "symbol=ETHUSDT"))
        {
            var row = Assert.Single((await PaperClient.JsonAsync(trades)).EnumerateArray());
            Assert.Equal(row.GetProperty("id").GetInt64(), o.GetProperty("t").GetInt64());
            Assert.Equal(row.GetProperty("orderId").GetInt64(), o.GetProperty("i").GetInt64());
            Assert.Equal(PaperClient.Dec(row, "price"), PaperClient.Dec(o, "L"));
            Assert.Equal(PaperClient.Dec(row, "qty"), PaperClient.Dec(o, "l"));
            Assert.Equal(row.GetProperty("commission").GetString(), o.GetProperty("n").GetString());
            Assert.Equal(row.GetProperty("realizedPnl").GetString(), o.GetProperty("rp").GetString());
            Assert.Equal(row.GetProperty("time").GetInt64(), tradeEvent.GetProperty("T").GetInt64());
        }

        Assert.Equal("ACCOUNT_UPDATE", accountEvent.GetProperty("e").GetString());
        var position = Assert.Single(accountEvent.GetProperty("a").GetProperty("P").EnumerateArray());
        Assert.Equal(0.25m, PaperClient.Dec(position, "pa"));
        Assert.Equal("BOTH", position.GetProperty("ps").GetString());
        var balance = Assert.Single(accountEvent.GetProperty("a").GetProperty("B").EnumerateArray());
        Assert.Equal(10_000m - PaperClient.Dec(o, "n"), PaperClient.Dec(balance, "wb"));
    }

    [Fact]
    public async Task Listen_key_is_reused_while_alive_keepalive_needs_one_and_delete_closes_the_socket()
    {
        await using var x = await ExchangeFixture.StartAsync();
        using (var none = await x.Client.SendAsync(new HttpRequestMessage(HttpMethod.Put, new Uri("fapi/v1/listenKey", UriKind.Relative))))
        {
            Assert.Equal(-1125, await PaperClient.ErrorCodeAsync(none));
        }

        var first = await ListenKeyAsync(x);
        Assert.Equal(first, await ListenKeyAsync(x));

        using var socket = await ConnectAsync(x, first);
        using (var closed = await x.Client.SendAsync(new HttpRequestMessage(HttpMethod.Delete, new Uri("fapi/v1/listenKey", UriKind.Relative))))
        {
            Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var result = await socket.ReceiveAsync(new byte[1024], timeout.Token);
        Assert.Equal(WebSocketMessageType.Close, result.MessageType);

        // Expired after 60 minutes without a keepalive: a new key.
        var second = await ListenKeyAsync(x);
        x.Clock.Advance(TimeSpan.FromMinutes(61));
        Assert.NotEqual(second, await ListenKeyAsync(x));
    }

    [Theory]
    [InlineData("drop", "TRADE_LITE,ORDER:TRADE,ACCOUNT_UPDATE")]
    [InlineData("duplicate", "ORDER:NEW,ORDER:NEW,TRADE_LITE,ORDER:TRADE,ACCOUNT_UPDATE")]
    [InlineData("reorder", "TRADE_LITE,ORDER:NEW,ORDER:TRADE,ACCOUNT_UPDATE")]
    public async Task Scripted_stream_faults_drop_duplicate_or_reorder_the_next_event(string kind, string expected)
    {
        await using var x = await ExchangeFixture.StartAsync();
        using var socket = await ConnectAsync(x);
        using (var script = await x.Client.SendAsync(new HttpRequestMessage(HttpMethod.Post, new Uri($"admin/stream-faults?kind={kind}", UriKind.Relative))))
        {
            Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        }

        (await x.Client.SignedPostAsync("fapi/v1/order", "symbol=ETHUSDT&side=BUY&type=MARKET&quantity=0.25")).Dispose();
        var seen = new List<string>();
        foreach (var _ in expected.Split(','))
        {
            var e = await ReceiveAsync(socket);
            seen.Add(StreamProbe.Describe(e));
        }

        Assert.Equal(expected, string.Join(',', seen));
    }

    [Fact]
    public async Task Scripted_disconnect_closes_the_socket_and_the_fill_is_still_in_user_trades()
    {
        await using var x = await ExchangeFixture.StartAsync();
        using var socket = await ConnectAsync(x);
        (await x.Client.SendAsync(new HttpRequestMessage(HttpMethod.Post, new Uri("admin/stream-faults?kind=disconnect", UriKind.Relative)))).Dispose();
        (await x.Client.SignedPostAsync("fapi/v1/order", "symbol=ETHUSDT&side=BUY&type=MARKET&quantity=0.25")).Dispose();

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var result = await socket.ReceiveAsync(new byte[1024], timeout.Token);
        Assert.Equal(WebSocketMessageType.Close, result.MessageType);

        using var trades = await x.Client.SignedGetAsync("fapi/v1/userTrades", "symbol=ETHUSDT");
        Assert.Equal(1, (await PaperClient.JsonAsync(trades)).GetArrayLength());
    }

    [Fact]
    public async Task Silent_fault_swallows_events_without_closing_the_socket()
    {
        await using var x = await ExchangeFixture.StartAsync();
        using var socket = await ConnectAsync(x);
        using (var script = await x.Client.SendAsync(new HttpRequestMessage(HttpMethod.Post, new Uri("admin/stream-faults?kind=silent&count=4", UriKind.Relative))))
        {
            Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        }

        (await x.Client.SignedPostAsync("fapi/v1/order", "symbol=ETHUSDT&side=BUY&type=MARKET&quantity=0.25&newClientOrderId=unseen")).Dispose();
        (await x.Client.SignedPostAsync("fapi/v1/order", "symbol=ETHUSDT&side=SELL&type=MARKET&quantity=0.25&newClientOrderId=seen")).Dispose();

        // The first order's four events (NEW, TRADE_LITE, TRADE, ACCOUNT_UPDATE) are gone; the socket is still open and carries the second's.
        var next = await ReceiveAsync(socket);
        Assert.Equal("seen", next.GetProperty("o").GetProperty("c").GetString());
        Assert.Equal(WebSocketState.Open, socket.State);
        using var trades = await x.Client.SignedGetAsync("fapi/v1/userTrades", "symbol=ETHUSDT");
        Assert.Equal(2, (await PaperClient.JsonAsync(trades)).GetArrayLength());
    }

    [Fact]
    public async Task Early_expiry_sends_listen_key_expired_closes_the_socket_and_keepalive_answers_1125()
    {
        await using var x = await ExchangeFixture.StartAsync();
        var key = await ListenKeyAsync(x);
        using var socket = await ConnectAsync(x, key);
        using (var expire = await x.Client.SendAsync(new HttpRequestMessage(HttpMethod.Post, new Uri("admin/expire-listen-key", UriKind.Relative))))
        {
            Assert.Equal(HttpStatusCode.OK, expire.StatusCode);
        }

        var expired = await ReceiveAsync(socket);
        Assert.Equal("listenKeyExpired", expired.GetProperty("e").GetString());
        Assert.Equal(JsonValueKind.String, expired.GetProperty("E").ValueKind);
        Assert.Equal(x.Clock.GetUtcNow().ToUnixTimeMilliseconds().ToString(System.Globalization.CultureInfo.InvariantCulture), expired.GetProperty("E").GetString());
        Assert.Equal(key, expired.GetProperty("listenKey").GetString());

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var result = await socket.ReceiveAsync(new byte[1024], timeout.Token);
        Assert.Equal(WebSocketMessageType.Close, result.MessageType);

        using (var keepAlive = await x.Client.SendAsync(new HttpRequestMessage(HttpMethod.Put, new Uri("fapi/v1/listenKey", UriKind.Relative))))
        {
            Assert.Equal(-1125, await PaperClient.ErrorCodeAsync(keepAlive));
        }

        using (var again = await x.Client.SendAsync(new HttpRequestMessage(HttpMethod.Post, new Uri("admin/expire-listen-key", UriKind.Relative))))
        {
            Assert.Equal(-1125, await PaperClient.ErrorCodeAsync(again));
        }

        Assert.NotEqual(key, await ListenKeyAsync(x));
    }

    [Fact]
    public async Task Combined_stream_wraps_each_event_with_its_listen_key()
    {
        await using var x = await ExchangeFixture.StartAsync();
        var key = await ListenKeyAsync(x);
        using var socket = new ClientWebSocket();
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            await socket.ConnectAsync(new UriBuilder(x.Host.BaseAddress) { Scheme = "ws", Path = "/stream", Query = $"streams={key}" }.Uri, timeout.Token);
        }

        (await x.Client.SignedPostAsync("fapi/v1/order", "symbol=ETHUSDT&side=BUY&type=MARKET&quantity=0.25")).Dispose();
        var wrapped = await ReceiveAsync(socket);
        Assert.Equal(key, wrapped.GetProperty("stream").GetString());
        Assert.Equal("ORDER_TRADE_UPDATE", wrapped.GetProperty("data").GetProperty("e").GetString());
    }
}
