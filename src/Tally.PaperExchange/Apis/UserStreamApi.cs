using System.Net.WebSockets;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tally.PaperExchange.Http;
using Tally.PaperExchange.Streams;
using Tally.PaperExchange.Wire;

namespace Tally.PaperExchange.Apis;

/// <summary>
/// listenKey (USER_STREAM: API key, no signature, weight 1) and the user-data WebSocket at
/// <c>/ws/&lt;listenKey&gt;</c> and <c>/private/ws/&lt;listenKey&gt;</c>, sending bare events (raw-stream form), or at
/// <c>/stream?streams=&lt;listenKey&gt;</c> wrapping them as <c>{"stream":…,"data":…}</c> (combined form).
/// </summary>
public static class UserStreamApi
{
    /// <summary>How long a server-side close waits for the client's close frame before dropping the socket. Wall clock.</summary>
    private static readonly TimeSpan CloseGrace = TimeSpan.FromSeconds(5);

    public static IEndpointRouteBuilder MapUserStreamApi(this IEndpointRouteBuilder app, UserDataStream stream, RequestGate gate)
    {
        app.MapPost("/fapi/v1/listenKey", async (HttpContext http, CancellationToken ct) =>
        {
            var entry = await gate.EnterAsync(http, EndpointSecurity.ApiKey, weight: 1, ct);
            return entry.Rejection ?? Results.Json(new ListenKeyResponse(stream.Start()), PaperJsonContext.Default.ListenKeyResponse);
        });

        app.MapPut("/fapi/v1/listenKey", async (HttpContext http, CancellationToken ct) =>
        {
            var entry = await gate.EnterAsync(http, EndpointSecurity.ApiKey, weight: 1, ct);
            if (entry.Rejection is not null)
            {
                return entry.Rejection;
            }

            var error = stream.KeepAlive();
            return error is null ? Results.Json(new EmptyResponse(), PaperJsonContext.Default.EmptyResponse) : ApiResults.Error(error);
        });

        app.MapDelete("/fapi/v1/listenKey", async (HttpContext http, CancellationToken ct) =>
        {
            var entry = await gate.EnterAsync(http, EndpointSecurity.ApiKey, weight: 1, ct);
            if (entry.Rejection is not null)
            {
                return entry.Rejection;
            }

            stream.Close();
            return Results.Json(new EmptyResponse(), PaperJsonContext.Default.EmptyResponse);
        });

        app.Map("/ws/{listenKey}", (HttpContext http, string listenKey) => ServeAsync(http, stream, listenKey, combined: false));
        app.Map("/private/ws/{listenKey}", (HttpContext http, string listenKey) => ServeAsync(http, stream, listenKey, combined: false));

        // Combined-stream form: each event wrapped as {"stream":"<listenKey>","data":{…}}.
        app.Map("/stream", (HttpContext http) => ServeAsync(http, stream, http.Request.Query["streams"].ToString(), combined: true));
        app.Map("/private/stream", (HttpContext http) => ServeAsync(http, stream, http.Request.Query["streams"].ToString(), combined: true));
        return app;
    }

    private static async Task ServeAsync(HttpContext http, UserDataStream stream, string listenKey, bool combined)
    {
        if (!http.WebSockets.IsWebSocketRequest)
        {
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        var reader = stream.Connect(listenKey);
        if (reader is null)
        {
            await ApiResults.Error(UserDataStream.ListenKeyMissing).ExecuteAsync(http);
            return;
        }

        // The server pings every PingInterval and drops a connection whose pong is PongTimeout late, as Binance does;
        // the pongs (and the client's own pings) are read by the receive loop below, which a silent fault leaves running.
        using var connection = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        var ct = connection.Token;
        try
        {
            using var socket = await http.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
            {
                KeepAliveInterval = stream.PingInterval,
                KeepAliveTimeout = stream.PongTimeout,
            });
            var receiving = ReceiveUntilClosedAsync(socket, connection);
            var watching = WatchExpiryAsync(stream, ct);

            // The key is [A-Za-z0-9] only, so it needs no JSON escaping.
            var prefix = combined ? $"{{\"stream\":\"{listenKey}\",\"data\":" : string.Empty;
            var suffix = combined ? "}" : string.Empty;
            try
            {
                await foreach (var json in reader.ReadAllAsync(ct))
                {
                    await socket.SendAsync(Encoding.UTF8.GetBytes(prefix + json + suffix), WebSocketMessageType.Text, endOfMessage: true, ct);
                }

                // The key was closed or expired, or this connection fell behind: end it as the server, and give the
                // client a moment to answer the close, since aborting first could reset the connection under its
                // unread close frame.
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "stream closed", ct);
                await Task.WhenAny(receiving, Task.Delay(CloseGrace, ct));
            }
            finally
            {
                await connection.CancelAsync();
                await Task.WhenAll(receiving, watching); // neither throws: both end quietly on cancellation
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client went away, closed, or missed its pong; nothing to tell anyone.
        }
        catch (WebSocketException)
        {
            // The socket broke under a send (an aborted connection, e.g. a missed pong, can fail the send before
            // the receive loop has cancelled the token): the connection is over either way.
        }
        finally
        {
            stream.Disconnect(reader);
        }
    }

    /// <summary>
    /// Reads and discards what the client sends, which is what lets the socket see pongs and answer pings. Ends the
    /// connection (cancels <paramref name="connection"/>) when the client closes or the socket is aborted.
    /// </summary>
    private static async Task ReceiveUntilClosedAsync(WebSocket socket, CancellationTokenSource connection)
    {
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer, connection.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (connection.IsCancellationRequested)
        {
            // The send side ended the connection.
        }
        catch (WebSocketException)
        {
            // Aborted: a missed pong (KeepAliveTimeout) or a vanished client.
        }

        await connection.CancelAsync();
    }

    /// <summary>Asks the stream every <see cref="UserDataStream.ExpiryCheckInterval"/> whether the key has run out.</summary>
    private static async Task WatchExpiryAsync(UserDataStream stream, CancellationToken ct)
    {
        try
        {
            using var timer = new PeriodicTimer(stream.ExpiryCheckInterval);
            while (await timer.WaitForNextTickAsync(ct))
            {
                stream.ExpireIfDue();
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The connection ended.
        }
    }
}
