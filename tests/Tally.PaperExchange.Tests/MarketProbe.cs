using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Tally.PaperExchange.Tests;

/// <summary>Market-stream WebSocket helpers: connect raw or combined, receive a frame or the server's close.</summary>
internal static class MarketProbe
{
    public static async Task<ClientWebSocket> ConnectAsync(ExchangeFixture x, string path, string? query = null)
    {
        var socket = new ClientWebSocket();
        var uri = new UriBuilder(x.Host.BaseAddress) { Scheme = "ws", Path = path, Query = query ?? string.Empty }.Uri;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await socket.ConnectAsync(uri, timeout.Token);
        return socket;
    }

    /// <summary>The next text frame as JSON, or null when the server closed the connection.</summary>
    public static async Task<JsonElement?> ReceiveOrCloseAsync(ClientWebSocket socket)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var buffer = new byte[64 * 1024];
        var text = new StringBuilder();
        WebSocketReceiveResult result;
        do
        {
            result = await socket.ReceiveAsync(buffer, timeout.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            text.Append(Encoding.UTF8.GetString(buffer, 0, result.Count));
        }
        while (!result.EndOfMessage);

        using var document = JsonDocument.Parse(text.ToString());
        return document.RootElement.Clone();
    }

    public static async Task<JsonElement> ReceiveAsync(ClientWebSocket socket) =>
        await ReceiveOrCloseAsync(socket) ?? throw new InvalidOperationException("the server closed the stream");

    /// <summary>Property names with their JSON kinds (true and false both "Boolean"), sorted: what a wire-shape comparison looks at.</summary>
    public static IReadOnlyList<string> Shape(JsonElement e) =>
        [.. e.EnumerateObject().Select(p => $"{p.Name}:{(p.Value.ValueKind is JsonValueKind.True or JsonValueKind.False ? "Boolean" : p.Value.ValueKind)}").Order(StringComparer.Ordinal)];

    /// <summary>The shape of a JSON example from binance-wire-market.md.</summary>
    public static IReadOnlyList<string> Shape(string json)
    {
        using var document = JsonDocument.Parse(json);
        return Shape(document.RootElement);
    }
}
