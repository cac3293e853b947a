using System.Net.WebSockets;
using System.Text;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;

namespace Tally.PaperExchange.Streams;

/// <summary>
/// Serves one stream connection as a WebSocket: sends what its reader yields, pings every ping interval and drops a
/// client whose pong is late (as Binance does), answers the client's pings, and closes as the server when the reader
/// completes (a closed key, a disconnect fault, a connection that fell behind). Shared by the user-data and market streams.
/// </summary>
internal static class StreamSocket
{
    /// <summary>How long a server-side close waits for the client's close frame before dropping the socket. Wall clock.</summary>
    private static readonly TimeSpan CloseGrace = TimeSpan.FromSeconds(5);

    /// <param name="watch">Runs beside the connection until it ends (e.g. a listenKey expiry check); must end quietly on cancellation.</param>
    public static async Task ServeAsync(HttpContext http, ChannelReader<string> reader, Func<string, string> render, TimeSpan pingInterval, TimeSpan pongTimeout, Func<CancellationToken, Task> watch)
    {
        // The pongs (and the client's own pings) are read by the receive loop below, which a silent fault leaves running.
        using var connection = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        var ct = connection.Token;
        try
        {
            using var socket = await http.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
            {
                KeepAliveInterval = pingInterval,
                KeepAliveTimeout = pongTimeout,
            });
            var receiving = ReceiveUntilClosedAsync(socket, connection);
            var watching = watch(ct);
            try
            {
                await foreach (var json in reader.ReadAllAsync(ct))
                {
                    await socket.SendAsync(Encoding.UTF8.GetBytes(render(json)), WebSocketMessageType.Text, endOfMessage: true, ct);
                }

                // The stream ended this connection: close as the server, and give the client a moment to answer the
                // close, since aborting first could reset the connection under its unread close frame.
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
}
