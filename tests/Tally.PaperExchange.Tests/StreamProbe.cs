using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Tally.PaperExchange.Tests;

/// <summary>listenKey, WebSocket and admin helpers shared by the stream, algo and fault tests.</summary>
internal static class StreamProbe
{
    public static async Task<string> ListenKeyAsync(ExchangeFixture x)
    {
        using var response = await x.Client.SendAsync(new HttpRequestMessage(HttpMethod.Post, new Uri("fapi/v1/listenKey", UriKind.Relative)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await PaperClient.JsonAsync(response)).GetProperty("listenKey").GetString()!;
    }

    public static async Task<ClientWebSocket> ConnectAsync(ExchangeFixture x, string? listenKey = null)
    {
        listenKey ??= await ListenKeyAsync(x);
        var socket = new ClientWebSocket();
        var uri = new UriBuilder(x.Host.BaseAddress) { Scheme = "ws", Path = $"/ws/{listenKey}" }.Uri;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await socket.ConnectAsync(uri, timeout.Token);
        return socket;
    }

    public static async Task<JsonElement> ReceiveAsync(ClientWebSocket socket)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var buffer = new byte[64 * 1024];
        var text = new StringBuilder();
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer, timeout.Token);
            Assert.Equal(WebSocketMessageType.Text, result.MessageType);
            text.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
        }
        while (!result.EndOfMessage);

        using var document = JsonDocument.Parse(text.ToString());
        return document.RootElement.Clone();
    }

    /// <summary>The event's type, with the execution type of an ORDER_TRADE_UPDATE or the status of an ALGO_UPDATE: "ORDER:TRADE", "ALGO:NEW".</summary>
    public static string Describe(JsonElement e) => e.GetProperty("e").GetString() switch
    {
        "ORDER_TRADE_UPDATE" => "ORDER:" + e.GetProperty("o").GetProperty("x").GetString(),
        "ALGO_UPDATE" => "ALGO:" + e.GetProperty("o").GetProperty("X").GetString(),
        var other => other!,
    };

    /// <summary>POSTs to an /admin/… endpoint and asserts 200.</summary>
    public static async Task AdminAsync(ExchangeFixture x, string pathAndQuery)
    {
        using var response = await x.Client.SendAsync(new HttpRequestMessage(HttpMethod.Post, new Uri(pathAndQuery, UriKind.Relative)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
