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
    public static IEndpointRouteBuilder MapUserStreamApi(this IEndpointRouteBuilder app, UserDataStream stream, MarketStreams market, RequestGate gate)
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

        // The legacy unrouted paths carry both: a name with '@' is a market stream, anything else a listenKey.
        app.Map("/ws/{listenKey}", (HttpContext http, string listenKey) => IsMarket(listenKey)
            ? MarketStreamApi.ServeAsync(http, market, listenKey, combined: false)
            : ServeAsync(http, stream, listenKey, combined: false));
        app.Map("/private/ws/{listenKey}", (HttpContext http, string listenKey) => ServeAsync(http, stream, listenKey, combined: false));

        // Combined-stream form: each event wrapped as {"stream":"<listenKey>","data":{…}}.
        app.Map("/stream", (HttpContext http) => IsMarket(http.Request.Query["streams"].ToString())
            ? MarketStreamApi.ServeAsync(http, market, http.Request.Query["streams"].ToString(), combined: true)
            : ServeAsync(http, stream, http.Request.Query["streams"].ToString(), combined: true));
        app.Map("/private/stream", (HttpContext http) => ServeAsync(http, stream, http.Request.Query["streams"].ToString(), combined: true));
        return app;
    }

    private static bool IsMarket(string names) => names.Contains('@', StringComparison.Ordinal);

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

        // The key is [A-Za-z0-9] only, so it needs no JSON escaping.
        var prefix = combined ? $"{{\"stream\":\"{listenKey}\",\"data\":" : string.Empty;
        var suffix = combined ? "}" : string.Empty;
        try
        {
            await StreamSocket.ServeAsync(http, reader, json => prefix + json + suffix, stream.PingInterval, stream.PongTimeout, ct => WatchExpiryAsync(stream, ct));
        }
        finally
        {
            stream.Disconnect(reader);
        }
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
