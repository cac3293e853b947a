using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tally.PaperExchange.Http;

namespace Tally.PaperExchange.Spot;

/// <summary>
/// The spot WebSocket API at <c>/ws-api/v3</c> (binance-wire.md §8), for the user-data subscription that
/// replaced listenKeys in 2026: requests <c>{"id","method","params"}</c>, replies
/// <c>{"id","status","result"|"error","rateLimits"}</c>. Methods: <c>ping</c>, <c>time</c>,
/// <c>userDataStream.subscribe.signature</c> (params apiKey, timestamp, signature, optional recvWindow; signed
/// over the params sorted by name), <c>userDataStream.unsubscribe</c>. The server pings every
/// <see cref="SpotOptions.PingInterval"/> and closes a connection that does not pong within <see cref="SpotOptions.PongTimeout"/>.
/// </summary>
public static class SpotWsApi
{
    public const string Path = "/ws-api/v3";

    // Binance weighs subscribe at 2 and the small methods at 1 (ours for time: 1).
    private const int SubscribeWeight = 2;

    public static IEndpointRouteBuilder MapSpotWsApi(this IEndpointRouteBuilder app, SpotUserDataHub hub, WeightLimiter limiter, TimeProvider time, string apiKey, string apiSecret, SpotOptions options)
    {
        app.Map(Path, async (HttpContext http) =>
        {
            if (!http.WebSockets.IsWebSocketRequest)
            {
                http.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }

            var session = new Session(hub, limiter, time, apiKey, apiSecret, http.Connection.RemoteIpAddress?.ToString() ?? "unknown");
            using var socket = await http.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
            {
                KeepAliveInterval = options.PingInterval,
                KeepAliveTimeout = options.PongTimeout,
            });
            await session.RunAsync(socket, http.RequestAborted);
        });
        return app;
    }

    /// <summary>One connection: a reader of requests and a writer of the connection's frames, ended together.</summary>
    private sealed class Session(SpotUserDataHub hub, WeightLimiter limiter, TimeProvider time, string apiKey, string apiSecret, string ip)
    {
        public async Task RunAsync(WebSocket socket, CancellationToken aborted)
        {
            var connection = hub.Connect();
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(aborted);
            var sending = SendAsync(socket, connection, stop);
            try
            {
                await ReceiveAsync(socket, connection, stop.Token);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // The client left, or the server ended the connection (the sender cancelled us).
            }
            catch (WebSocketException)
            {
                // A dropped connection (including a missed pong) ends the session like a close.
            }
            finally
            {
                hub.Disconnect(connection);
                await stop.CancelAsync();
                await sending;
            }
        }

        private async Task ReceiveAsync(WebSocket socket, SpotUserDataHub.Connection connection, CancellationToken cancellationToken)
        {
            var chunk = new byte[16 * 1024];
            using var message = new MemoryStream();
            while (true)
            {
                var result = await socket.ReceiveAsync(chunk, cancellationToken);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                message.Write(chunk, 0, result.Count);
                if (!result.EndOfMessage)
                {
                    continue;
                }

                var text = Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length);
                message.SetLength(0);
                if (!hub.Reply(connection, Handle(text, connection)))
                {
                    return;
                }
            }
        }

        /// <summary>Writes the connection's frames until the hub completes them or the session stops; then closes the socket.</summary>
        private static async Task SendAsync(WebSocket socket, SpotUserDataHub.Connection connection, CancellationTokenSource stop)
        {
            var cancellationToken = stop.Token;
            try
            {
                await foreach (var frame in connection.Outgoing.ReadAllAsync(cancellationToken))
                {
                    await socket.SendAsync(Encoding.UTF8.GetBytes(frame), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
                }

                // The server ended this connection (a scripted disconnect, or it fell behind).
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "connection closed", cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // The session is ending.
            }
            catch (WebSocketException)
            {
                // The socket is gone already.
            }
            finally
            {
                await stop.CancelAsync();
            }
        }

        /// <summary>One request in, one response frame out.</summary>
        private string Handle(string text, SpotUserDataHub.Connection connection)
        {
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(text);
            }
            catch (JsonException)
            {
                return Error(null, 400, -1000, "Malformed request: not JSON.", used: null);
            }

            using (document)
            {
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object)
                {
                    return Error(null, 400, -1000, "Malformed request: not a JSON object.", used: null);
                }

                var id = root.TryGetProperty("id", out var idElement) ? idElement.GetRawText() : null;
                var method = root.TryGetProperty("method", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : null;
                var parameters = root.TryGetProperty("params", out var p) && p.ValueKind == JsonValueKind.Object ? p : (JsonElement?)null;
                var weight = method == "userDataStream.subscribe.signature" ? SubscribeWeight : 1;
                var now = time.GetUtcNow();
                var decision = limiter.Admit(ip, weight, now);
                switch (decision.Verdict)
                {
                    case RateVerdict.Limited:
                        return Error(id, 429, -1003, $"Too many requests; current limit of IP({ip}) is {limiter.LimitPerMinute} requests per minute.", decision.UsedWeight);
                    case RateVerdict.Banned:
                        return Error(id, 418, -1003, $"Way too many requests; IP({ip}) banned until {decision.BannedUntil!.Value.ToUnixTimeMilliseconds()}.", decision.UsedWeight);
                    case RateVerdict.Admitted:
                        break;
                }

                var used = decision.UsedWeight;
                switch (method)
                {
                    case "ping":
                        return Ok(id, w => w.WriteStartObject(), used);
                    case "time":
                        return Ok(id, w =>
                        {
                            w.WriteStartObject();
                            w.WriteNumber("serverTime", now.ToUnixTimeMilliseconds());
                        }, used);
                    case "userDataStream.subscribe.signature":
                        if (CheckSigned(parameters, now) is { } refused)
                        {
                            return Error(id, refused.HttpStatus, refused.Code, refused.Message, used);
                        }

                        var subscriptionId = hub.Subscribe(connection);
                        return Ok(id, w =>
                        {
                            w.WriteStartObject();
                            w.WriteNumber("subscriptionId", subscriptionId);
                        }, used);
                    case "userDataStream.unsubscribe":
                        int? which = null;
                        if (parameters is { } ps && ps.TryGetProperty("subscriptionId", out var s))
                        {
                            if (s.ValueKind != JsonValueKind.Number || !s.TryGetInt32(out var parsed))
                            {
                                return Error(id, 400, -1130, "Data sent for parameter 'subscriptionId' is not valid.", used);
                            }

                            which = parsed;
                        }

                        return hub.Unsubscribe(connection, which)
                            ? Ok(id, w => w.WriteStartObject(), used)
                            : Error(id, 400, -2037, "Subscription not found.", used);
                    case null:
                        return Error(id, 400, -1102, "Mandatory parameter 'method' was not sent, was empty/null, or malformed.", used);
                    default:
                        // Ours: the paper exchange serves only the user-data subscription over the WebSocket API.
                        return Error(id, 400, -1020, "This operation is not supported.", used);
                }
            }
        }

        /// <summary>
        /// WS-API signing (binance-wire.md §2): every param but <c>signature</c>, sorted by name, joined
        /// <c>k=v&amp;…</c>, HMAC-SHA256 with the secret. Then the same key and timestamp rules as REST.
        /// </summary>
        private ApiError? CheckSigned(JsonElement? parameters, DateTimeOffset now)
        {
            if (parameters is not { } ps)
            {
                return ApiError.MandatoryParameter("apiKey");
            }

            var values = new SortedDictionary<string, string>(StringComparer.Ordinal);
            foreach (var property in ps.EnumerateObject())
            {
                values[property.Name] = property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString()! : property.Value.GetRawText();
            }

            if (!values.TryGetValue("apiKey", out var key))
            {
                return ApiError.MandatoryParameter("apiKey");
            }

            if (!string.Equals(key, apiKey, StringComparison.Ordinal))
            {
                return ApiError.InvalidApiKey(ip);
            }

            if (!values.TryGetValue("timestamp", out var timestampText) || !long.TryParse(timestampText, NumberStyles.None, CultureInfo.InvariantCulture, out var timestamp))
            {
                return ApiError.MandatoryParameter("timestamp");
            }

            var recvWindow = RequestGate.DefaultRecvWindow;
            if (values.TryGetValue("recvWindow", out var windowText) && !long.TryParse(windowText, NumberStyles.None, CultureInfo.InvariantCulture, out recvWindow))
            {
                return ApiError.InvalidParameter("recvWindow");
            }

            if (recvWindow > RequestGate.MaxRecvWindow)
            {
                return ApiError.RecvWindowTooLarge;
            }

            var serverTime = now.ToUnixTimeMilliseconds();
            if (timestamp >= serverTime + 1000)
            {
                return ApiError.AheadOfServer;
            }

            if (serverTime - timestamp > recvWindow)
            {
                return ApiError.OutsideRecvWindow;
            }

            if (!values.Remove("signature", out var signature))
            {
                return ApiError.MandatoryParameter("signature");
            }

            var payload = string.Join('&', values.Select(v => $"{v.Key}={v.Value}"));
            return RequestSigner.Verify(apiSecret, payload, signature) ? null : ApiError.BadSignature;
        }

        private string Ok(string? id, Action<Utf8JsonWriter> result, int used) => Frame(id, 200, w =>
        {
            w.WritePropertyName("result");
            result(w);
            w.WriteEndObject();
        }, used);

        private string Error(string? id, int status, int code, string message, int? used) => Frame(id, status, w =>
        {
            w.WriteStartObject("error");
            w.WriteNumber("code", code);
            w.WriteString("msg", message);
            w.WriteEndObject();
        }, used);

        private string Frame(string? id, int status, Action<Utf8JsonWriter> body, int? used)
        {
            using var buffer = new MemoryStream();
            using (var w = new Utf8JsonWriter(buffer))
            {
                w.WriteStartObject();
                w.WritePropertyName("id");
                if (id is null)
                {
                    w.WriteNullValue();
                }
                else
                {
                    w.WriteRawValue(id);
                }

                w.WriteNumber("status", status);
                body(w);
                if (used is { } count)
                {
                    w.WriteStartArray("rateLimits");
                    w.WriteStartObject();
                    w.WriteString("rateLimitType", "REQUEST_WEIGHT");
                    w.WriteString("interval", "MINUTE");
                    w.WriteNumber("intervalNum", 1);
                    w.WriteNumber("limit", limiter.LimitPerMinute);
                    w.WriteNumber("count", count);
                    w.WriteEndObject();
                    w.WriteEndArray();
                }

                w.WriteEndObject();
            }

            return Encoding.UTF8.GetString(buffer.ToArray());
        }
    }
}
