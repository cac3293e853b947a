using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Tally.Exchanges.Binance.Client;

/// <summary>
/// One spot user-data subscription over the WebSocket API (binance-wire.md §8): a connection on which
/// <c>userDataStream.subscribe.signature</c> succeeded. Read its frames with <see cref="ReceiveAsync"/> and
/// parse them with <see cref="BinanceUserDataParser.Parse"/> (<c>{"subscriptionId":n,"event":{…}}</c>).
/// </summary>
/// <remarks>
/// The server pings every 20 s; <see cref="ClientWebSocket"/> answers pings with pongs by itself. Dispose to close.
/// One reader at a time: <see cref="ReceiveAsync"/> is not thread safe.
/// </remarks>
public sealed class BinanceSpotUserDataSubscription : IAsyncDisposable
{
    private const string RequestId = "tally-subscribe";

    private readonly ClientWebSocket _socket;
    private readonly byte[] _chunk = new byte[16 * 1024];

    private BinanceSpotUserDataSubscription(ClientWebSocket socket, int subscriptionId)
    {
        _socket = socket;
        SubscriptionId = subscriptionId;
    }

    public int SubscriptionId { get; }

    /// <summary>Connects and subscribes; the params are signed sorted by name (apiKey, recvWindow, timestamp).</summary>
    /// <exception cref="BinanceApiException">The server refused the subscription.</exception>
    /// <exception cref="WebSocketException">The connection failed.</exception>
    internal static async Task<BinanceSpotUserDataSubscription> OpenAsync(Uri url, string apiKey, BinanceSigner signer, DateTimeOffset exchangeNow, int recvWindow, CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        try
        {
            await socket.ConnectAsync(url, cancellationToken);
            var timestamp = exchangeNow.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture);
            var window = recvWindow.ToString(CultureInfo.InvariantCulture);
            var signature = signer.Sign($"apiKey={apiKey}&recvWindow={window}&timestamp={timestamp}");
            using var buffer = new MemoryStream();
            using (var w = new Utf8JsonWriter(buffer))
            {
                w.WriteStartObject();
                w.WriteString("id", RequestId);
                w.WriteString("method", "userDataStream.subscribe.signature");
                w.WriteStartObject("params");
                w.WriteString("apiKey", apiKey);
                w.WriteNumber("recvWindow", recvWindow);
                w.WritePropertyName("timestamp");
                w.WriteRawValue(timestamp);
                w.WriteString("signature", signature);
                w.WriteEndObject();
                w.WriteEndObject();
            }

            var request = buffer.ToArray();
            await socket.SendAsync(request, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
            var subscription = new BinanceSpotUserDataSubscription(socket, -1);
            while (true)
            {
                var frame = await subscription.ReceiveAsync(cancellationToken)
                    ?? throw new WebSocketException("The WebSocket API closed the connection before answering the subscription.");
                var reply = BinanceWsApiResponse.Parse(frame);
                if (reply.Id != RequestId)
                {
                    continue;
                }

                if (reply.Error is { } error)
                {
                    throw new BinanceApiException((System.Net.HttpStatusCode)reply.Status, error.Code, error.Message);
                }

                using var result = JsonDocument.Parse(reply.ResultJson ?? "{}");
                var id = result.RootElement.TryGetProperty("subscriptionId", out var value) && value.TryGetInt32(out var parsed)
                    ? parsed
                    : throw new FormatException("userDataStream.subscribe.signature: the result has no subscriptionId");
                return new BinanceSpotUserDataSubscription(socket, id);
            }
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>The next whole text frame, or null when the server closed the connection.</summary>
    /// <exception cref="WebSocketException">The connection dropped.</exception>
    public async Task<string?> ReceiveAsync(CancellationToken cancellationToken)
    {
        using var message = new MemoryStream();
        while (true)
        {
            var result = await _socket.ReceiveAsync(_chunk, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            message.Write(_chunk, 0, result.Count);
            if (result.EndOfMessage)
            {
                return Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token);
            }
        }
        catch (WebSocketException)
        {
            // Already gone.
        }
        catch (OperationCanceledException)
        {
            // The server did not acknowledge in time; disposing aborts.
        }
        finally
        {
            _socket.Dispose();
        }
    }
}
