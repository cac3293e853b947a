using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Tally.PaperExchange.Http;

namespace Tally.PaperExchange.Tests;

public sealed class SpotWsApiTests
{
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_signed_subscription_answers_in_ws_api_framing_and_then_delivers_a_fill_equal_to_my_trades()
    {
        await using var x = await SpotFixture.StartAsync();
        using var socket = await ConnectAsync(x);
        await SendAsync(socket, Subscribe(x, "sub-1", x.Host.ApiSecret));

        var reply = await ReceiveAsync(socket);
        Assert.Equal("sub-1", reply.GetProperty("id").GetString());
        Assert.Equal(200, reply.GetProperty("status").GetInt32());
        Assert.Equal(0, reply.GetProperty("result").GetProperty("subscriptionId").GetInt32());
        var limit = Assert.Single(reply.GetProperty("rateLimits").EnumerateArray());
        Assert.Equal(6000, limit.GetProperty("limit").GetInt32());
        Assert.Equal(2, limit.GetProperty("count").GetInt32());

        using (var placed = await x.Client.SignedPostAsync("api/v3/order", "symbol=TSTUSDT&side=BUY&type=MARKET&quantity=0.5&newClientOrderId=ws-buy"))
        {
            Assert.Equal("FILLED", (await PaperClient.JsonAsync(placed)).GetProperty("status").GetString());
        }

        var newFrame = await ReceiveAsync(socket);
        var tradeFrame = await ReceiveAsync(socket);
        var balanceFrame = await ReceiveAsync(socket);
        Assert.All([newFrame, tradeFrame, balanceFrame], f => Assert.Equal(0, f.GetProperty("subscriptionId").GetInt32()));

        var created = newFrame.GetProperty("event");
        Assert.Equal("executionReport", created.GetProperty("e").GetString());
        Assert.Equal("NEW", created.GetProperty("x").GetString());
        Assert.Equal(-1, created.GetProperty("t").GetInt64());
        Assert.Equal(JsonValueKind.Null, created.GetProperty("N").ValueKind);
        Assert.Equal("0", created.GetProperty("n").GetString());

        var trade = tradeFrame.GetProperty("event");
        Assert.Equal("TRADE", trade.GetProperty("x").GetString());
        Assert.Equal("FILLED", trade.GetProperty("X").GetString());
        Assert.Equal("ws-buy", trade.GetProperty("c").GetString());
        using (var trades = await x.Client.SignedGetAsync("api/v3/myTrades", "symbol=TSTUSDT"))
        {
            var row = Assert.Single((await PaperClient.JsonAsync(trades)).EnumerateArray());
            Assert.Equal(row.GetProperty("id").GetInt64(), trade.GetProperty("t").GetInt64());
            Assert.Equal(row.GetProperty("orderId").GetInt64(), trade.GetProperty("i").GetInt64());
            Assert.Equal(row.GetProperty("price").GetString(), trade.GetProperty("L").GetString());
            Assert.Equal(row.GetProperty("qty").GetString(), trade.GetProperty("l").GetString());
            Assert.Equal(row.GetProperty("commission").GetString(), trade.GetProperty("n").GetString());
            Assert.Equal(row.GetProperty("commissionAsset").GetString(), trade.GetProperty("N").GetString());
            Assert.Equal(row.GetProperty("time").GetInt64(), trade.GetProperty("T").GetInt64());
            Assert.Equal(row.GetProperty("isMaker").GetBoolean(), trade.GetProperty("m").GetBoolean());
        }

        // outboundAccountPosition: 10 + 0.5 − 0.0005 TST, 1000 − 50 USDT.
        var balances = balanceFrame.GetProperty("event");
        Assert.Equal("outboundAccountPosition", balances.GetProperty("e").GetString());
        var rows = balances.GetProperty("B").EnumerateArray().ToDictionary(b => b.GetProperty("a").GetString()!, b => b.GetProperty("f").GetString());
        Assert.Equal("10.49950000", rows["TST"]);
        Assert.Equal("950.00000000", rows["USDT"]);
    }

    [Fact]
    public async Task A_subscription_signed_with_another_secret_is_refused_with_1022_and_receives_nothing()
    {
        await using var x = await SpotFixture.StartAsync();
        using var socket = await ConnectAsync(x);
        await SendAsync(socket, Subscribe(x, "7", new string('f', 64), numericId: true));

        var reply = await ReceiveAsync(socket);
        Assert.Equal(7, reply.GetProperty("id").GetInt32());
        Assert.Equal(400, reply.GetProperty("status").GetInt32());
        Assert.Equal(-1022, reply.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal(0, x.Host.SpotStream.Subscriptions);

        using (var placed = await x.Client.SignedPostAsync("api/v3/order", "symbol=TSTUSDT&side=BUY&type=MARKET&quantity=0.5"))
        {
            Assert.True(placed.IsSuccessStatusCode);
        }

        // The next frame is the answer to a ping, not an event: nothing was subscribed.
        await SendAsync(socket, """{"id":"p","method":"ping"}""");
        var pong = await ReceiveAsync(socket);
        Assert.Equal("p", pong.GetProperty("id").GetString());
        Assert.Empty(pong.GetProperty("result").EnumerateObject());
    }

    [Fact]
    public async Task A_stale_timestamp_and_an_unknown_method_get_binance_errors()
    {
        await using var x = await SpotFixture.StartAsync();
        using var socket = await ConnectAsync(x);
        await SendAsync(socket, Subscribe(x, "old", x.Host.ApiSecret, timestamp: x.Client.Now - 10_000));
        Assert.Equal(-1021, (await ReceiveAsync(socket)).GetProperty("error").GetProperty("code").GetInt32());

        await SendAsync(socket, """{"id":"u","method":"order.place","params":{}}""");
        Assert.Equal(-1020, (await ReceiveAsync(socket)).GetProperty("error").GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task A_client_that_does_not_answer_the_servers_pings_is_disconnected()
    {
        await using var x = await SpotFixture.StartAsync(o =>
        {
            o.PingInterval = TimeSpan.FromMilliseconds(100);
            o.PongTimeout = TimeSpan.FromMilliseconds(300);
        });
        using var socket = await ConnectAsync(x);
        await SendAsync(socket, Subscribe(x, "s", x.Host.ApiSecret));
        Assert.Equal(200, (await ReceiveAsync(socket)).GetProperty("status").GetInt32());
        Assert.Equal(1, x.Host.SpotStream.Subscriptions);

        // Not reading from now on means not answering pings (ClientWebSocket pongs only while a receive is
        // pending), so the server gives up; the first read afterwards finds the connection gone.
        await Wait.UntilAsync(() => x.Host.SpotStream.Subscriptions == 0, "the server to drop the connection");
        using var guard = new CancellationTokenSource(Guard);
        var ended = false;
        try
        {
            var buffer = new byte[64 * 1024];
            while (!ended)
            {
                var result = await socket.ReceiveAsync(buffer, guard.Token);
                ended = result.MessageType == WebSocketMessageType.Close;
            }
        }
        catch (WebSocketException)
        {
            ended = true;
        }

        Assert.True(ended);
        Assert.Equal(0, x.Host.SpotStream.Subscriptions);
    }

    private static string Subscribe(ExchangeFixture x, string id, string secret, bool numericId = false, long? timestamp = null)
    {
        var ts = (timestamp ?? x.Client.Now).ToString(CultureInfo.InvariantCulture);

        // WS-API signing: the params but signature, sorted by name, joined k=v&…
        var signature = RequestSigner.Sign(secret, $"apiKey={x.Host.ApiKey}&recvWindow=5000&timestamp={ts}");
        var idJson = numericId ? id : $"\"{id}\"";
        return "{\"id\":" + idJson + ",\"method\":\"userDataStream.subscribe.signature\",\"params\":{\"apiKey\":\"" + x.Host.ApiKey
            + "\",\"timestamp\":" + ts + ",\"recvWindow\":5000,\"signature\":\"" + signature + "\"}}";
    }

    private static async Task<ClientWebSocket> ConnectAsync(ExchangeFixture x)
    {
        var socket = new ClientWebSocket();
        await socket.ConnectAsync(new Uri($"ws://{x.Host.BaseAddress.Authority}/ws-api/v3"), CancellationToken.None);
        return socket;
    }

    private static Task SendAsync(ClientWebSocket socket, string text) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

    private static async Task<JsonElement> ReceiveAsync(ClientWebSocket socket)
    {
        using var guard = new CancellationTokenSource(Guard);
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, guard.Token);
            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                using var document = JsonDocument.Parse(message.ToArray());
                return document.RootElement.Clone();
            }
        }
    }
}
