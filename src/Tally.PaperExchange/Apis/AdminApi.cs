using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tally.Core;
using Tally.PaperExchange.Spot;
using Tally.PaperExchange.Streams;
using Tally.PaperExchange.Wire;

namespace Tally.PaperExchange.Apis;

/// <summary>
/// Test-only controls, no auth and no rate limit (they are not part of Binance's API):
/// POST /admin/price?symbol=ETHUSDT&amp;price=3000[&amp;qty=2.5&amp;side=SELL] puts a symbol's price where a scenario needs it, as one
/// trade on the market tape (default size seeded, default taker side the direction of the move);
/// POST /admin/faults?kind=unavailable|unknown|timeout&amp;count=1 scripts the next REST faults;
/// POST /admin/stream-faults?kind=drop|duplicate|reorder|disconnect|silent|delay&amp;count=1[&amp;ms=1000] those of the next
/// user-data events (silent: the socket stays open and answers pings but the events are swallowed; delay: held ms on the
/// exchange clock, later events queued behind);
/// POST /admin/throttle?ms=30000 answers every REST request 429 -1003 with Retry-After for that long (ms=0 ends it);
/// POST /admin/clock-skew?ms=-2500 offsets the server clock (/time and the recvWindow check);
/// POST /admin/expire-listen-key expires the listenKey now (listenKeyExpired event, socket closed, PUT then -1125);
/// POST /admin/stream-raw sends its body as it is on the user-data stream (a garbled event);
/// POST /admin/market-faults (same parameters as stream-faults) and /admin/market-raw do the same on the market streams;
/// the spot side's controls are under /admin/spot/ (<see cref="MapSpotAdminApi"/>).
/// </summary>
public static class AdminApi
{
    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder app, PaperVenue venue, FaultInjector faults, UserDataStream stream, MarketStreams market)
    {
        app.MapPost("/admin/price", (string symbol, string price, string? qty, string? side) =>
            MovePrice(symbol, price, qty, side, s => venue.TryGetSymbol(s, out _), venue.SetPrice));

        app.MapPost("/admin/faults", (string kind, int? count) =>
        {
            FaultKind? fault = kind switch
            {
                "unavailable" => FaultKind.Unavailable,
                "unknown" => FaultKind.UnknownReply,
                "timeout" => FaultKind.Timeout,
                _ => null,
            };
            if (fault is null || count is < 0)
            {
                return Http.ApiResults.Error(ApiError.InvalidParameter(fault is null ? "kind" : "count"));
            }

            faults.Enqueue(fault.Value, count ?? 1);
            return Results.Json(new EmptyResponse(), PaperJsonContext.Default.EmptyResponse);
        });

        app.MapPost("/admin/stream-faults", (string kind, int? count, int? ms) =>
            ScriptStreamFaults(kind, count, ms, (fault, n) => stream.Enqueue(fault, n), (fault, n, hold) => stream.Enqueue(fault, n, hold)));

        MapMarketFaults(app, "/admin", market);

        app.MapPost("/admin/throttle", (long ms) =>
        {
            if (ms < 0)
            {
                return Http.ApiResults.Error(ApiError.InvalidParameter("ms"));
            }

            faults.Throttle(venue.Time.GetUtcNow() + TimeSpan.FromMilliseconds(ms));
            return Results.Json(new EmptyResponse(), PaperJsonContext.Default.EmptyResponse);
        });

        app.MapPost("/admin/clock-skew", (long ms) =>
        {
            faults.ClockSkew = TimeSpan.FromMilliseconds(ms);
            return Results.Json(new EmptyResponse(), PaperJsonContext.Default.EmptyResponse);
        });

        app.MapPost("/admin/expire-listen-key", () => stream.ExpireNow()
            ? Results.Json(new EmptyResponse(), PaperJsonContext.Default.EmptyResponse)
            : Http.ApiResults.Error(UserDataStream.ListenKeyMissing));

        app.MapPost("/admin/stream-raw", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            stream.SendRaw(await reader.ReadToEndAsync());
            return Results.Json(new EmptyResponse(), PaperJsonContext.Default.EmptyResponse);
        });

        return app;
    }

    /// <summary>
    /// The spot side's controls: POST /admin/spot/price (same parameters as /admin/price: a trade on the spot tape, seen
    /// by the spot streams and the spot matching alike); POST /admin/spot/balance?asset=BTC&amp;free=1.5 sets an asset's
    /// free balance behind the account's back (locked stays; an outboundAccountPosition follows); POST
    /// /admin/spot/market-faults and /admin/spot/market-raw do what /admin/market-faults and /admin/market-raw do, on the
    /// spot market streams.
    /// </summary>
    public static IEndpointRouteBuilder MapSpotAdminApi(this IEndpointRouteBuilder app, SpotVenue venue, MarketStreams market)
    {
        app.MapPost("/admin/spot/price", (string symbol, string price, string? qty, string? side) =>
            MovePrice(symbol, price, qty, side, s => venue.TryGetSymbol(s, out _), venue.SetPrice));

        app.MapPost("/admin/spot/balance", (string asset, string free) =>
        {
            if (string.IsNullOrEmpty(asset) || !asset.All(char.IsAsciiLetterOrDigit))
            {
                return Http.ApiResults.Error(ApiError.InvalidParameter("asset"));
            }

            if (!decimal.TryParse(free, NumberStyles.Number, CultureInfo.InvariantCulture, out var amount) || amount < 0)
            {
                return Http.ApiResults.Error(ApiError.InvalidParameter("free"));
            }

            venue.SetFreeBalance(asset, amount);
            return Results.Json(new EmptyResponse(), PaperJsonContext.Default.EmptyResponse);
        });

        MapMarketFaults(app, "/admin/spot", market);
        return app;
    }

    /// <summary>POST {prefix}/market-faults and {prefix}/market-raw on one market's streams.</summary>
    private static void MapMarketFaults(IEndpointRouteBuilder app, string prefix, MarketStreams market)
    {
        app.MapPost(prefix + "/market-faults", (string kind, int? count, int? ms) =>
            ScriptStreamFaults(kind, count, ms, (fault, n) => market.Enqueue(fault, n), (fault, n, hold) => market.Enqueue(fault, n, hold)));

        app.MapPost(prefix + "/market-raw", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            market.SendRaw(await reader.ReadToEndAsync());
            return Results.Json(new EmptyResponse(), PaperJsonContext.Default.EmptyResponse);
        });
    }

    /// <summary>The price parameters: a positive price, an optional positive qty, an optional taker side BUY or SELL.</summary>
    private static IResult MovePrice(string symbol, string price, string? qty, string? side, Func<string, bool> known, Action<string, decimal, decimal?, Side?> set)
    {
        if (!known(symbol))
        {
            return Http.ApiResults.Error(ApiError.InvalidSymbol);
        }

        if (!decimal.TryParse(price, NumberStyles.Number, CultureInfo.InvariantCulture, out var value) || value <= 0)
        {
            return Http.ApiResults.Error(ApiError.InvalidParameter("price"));
        }

        decimal? quantity = null;
        if (qty is not null)
        {
            if (!decimal.TryParse(qty, NumberStyles.Number, CultureInfo.InvariantCulture, out var q) || q <= 0)
            {
                return Http.ApiResults.Error(ApiError.InvalidParameter("qty"));
            }

            quantity = q;
        }

        Side? takerSide = side switch
        {
            null => null,
            "BUY" => Side.Buy,
            "SELL" => Side.Sell,
            _ => null,
        };
        if (side is not null && takerSide is null)
        {
            return Http.ApiResults.Error(ApiError.InvalidSide);
        }

        set(symbol, value, quantity, takerSide);
        return Results.Json(new EmptyResponse(), PaperJsonContext.Default.EmptyResponse);
    }

    /// <summary>The stream-faults parameters: kind, count (default 1), ms (how long a delay holds; default the configured one).</summary>
    private static IResult ScriptStreamFaults(string kind, int? count, int? ms, Action<StreamFault, int> enqueue, Action<StreamFault, int, TimeSpan> enqueueHeld)
    {
        StreamFault? fault = kind switch
        {
            "drop" => StreamFault.Drop,
            "duplicate" => StreamFault.Duplicate,
            "reorder" => StreamFault.Reorder,
            "disconnect" => StreamFault.Disconnect,
            "silent" => StreamFault.Silent,
            "delay" => StreamFault.Delay,
            _ => null,
        };
        if (fault is null || count is < 0 || ms is < 0)
        {
            return Http.ApiResults.Error(ApiError.InvalidParameter(fault is null ? "kind" : count is < 0 ? "count" : "ms"));
        }

        if (ms is { } hold)
        {
            enqueueHeld(fault.Value, count ?? 1, TimeSpan.FromMilliseconds(hold));
        }
        else
        {
            enqueue(fault.Value, count ?? 1);
        }

        return Results.Json(new EmptyResponse(), PaperJsonContext.Default.EmptyResponse);
    }
}
