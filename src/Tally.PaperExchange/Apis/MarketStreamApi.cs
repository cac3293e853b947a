using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tally.PaperExchange.Http;
using Tally.PaperExchange.Market;
using Tally.PaperExchange.Spot;
using Tally.PaperExchange.Streams;
using Tally.PaperExchange.Wire;

namespace Tally.PaperExchange.Apis;

/// <summary>
/// The public market streams (binance-wire-market.md §1): raw at <c>/market/ws/&lt;stream&gt;[/&lt;stream&gt;…]</c> (and the
/// legacy <c>/ws/…</c>, shared with the user-data stream: a name with <c>@</c> is a market stream), combined at
/// <c>/market/stream?streams=a/b</c> (and <c>/stream?streams=…</c>) wrapped as <c>{"stream":…,"data":…}</c>; and
/// <c>GET /fapi/v1/klines</c> (public; weight by limit: [1,100) 1, [100,500) 2, [500,1000] 5, over 1000 10).
/// </summary>
public static class MarketStreamApi
{
    public const int DefaultKlineLimit = 500;

    public const int MaxKlineLimit = 1500;

    public const int SpotMaxKlineLimit = 1000;

    public const int SpotKlineWeight = 2;

    public static ApiError InvalidInterval { get; } = new(400, -1120, "Invalid interval.");

    public static IEndpointRouteBuilder MapMarketStreamApi(this IEndpointRouteBuilder app, PaperVenue venue, MarketStreams market, RequestGate gate)
    {
        app.Map("/market/ws/{**streams}", (HttpContext http, string streams) => ServeAsync(http, market, streams, combined: false));
        app.Map("/ws/{first}/{**rest}", (HttpContext http, string first, string rest) => ServeAsync(http, market, first + "/" + rest, combined: false));
        app.Map("/market/stream", (HttpContext http) => ServeAsync(http, market, http.Request.Query["streams"].ToString(), combined: true));

        MapKlines(app, "/fapi/v1/klines", gate, KlineWeight, MaxKlineLimit, symbol => venue.TryGetSymbol(symbol, out var found) ? found : null, venue.Klines);
        return app;
    }

    /// <summary>
    /// The spot public market streams on the spot side of the host: raw at <c>/spot/ws/&lt;stream&gt;[/&lt;stream&gt;…]</c>,
    /// combined at <c>/spot/stream?streams=a/b</c> (so a spot client's stream base is <c>ws://host:port/spot/</c>, as
    /// Binance's is <c>wss://stream.binance.com:9443/</c>), from the spot venue's tape; and <c>GET /api/v3/klines</c>
    /// (public, weight 2, limit default 500, at most 1000) behind the spot gate.
    /// </summary>
    public static IEndpointRouteBuilder MapSpotMarketStreamApi(this IEndpointRouteBuilder app, SpotVenue venue, MarketStreams market, RequestGate gate)
    {
        ArgumentNullException.ThrowIfNull(venue);
        app.Map("/spot/ws/{**streams}", (HttpContext http, string streams) => ServeAsync(http, market, streams, combined: false));
        app.Map("/spot/stream", (HttpContext http) => ServeAsync(http, market, http.Request.Query["streams"].ToString(), combined: true));
        MapKlines(app, "/api/v3/klines", gate, static _ => SpotKlineWeight, SpotMaxKlineLimit, symbol => venue.TryGetSymbol(symbol, out var found) ? found : null, venue.Klines);
        return app;
    }

    /// <summary>Weight of GET /fapi/v1/klines by limit (binance-wire-market.md §3).</summary>
    public static int KlineWeight(int limit) => limit switch
    {
        < 100 => 1,
        < 500 => 2,
        <= 1000 => 5,
        _ => 10,
    };

    /// <summary>
    /// A klines endpoint (public): symbol and interval mandatory, startTime/endTime/limit optional; rows as Binance
    /// writes them, from <paramref name="klines"/> (the market's tape).
    /// </summary>
    private static void MapKlines(
        IEndpointRouteBuilder app,
        string path,
        RequestGate gate,
        Func<int, int> weightOf,
        int maxLimit,
        Func<string, PaperSymbol?> symbolOf,
        Func<string, KlineInterval, long?, long?, int, IReadOnlyList<KlineBar>> klines)
    {
        app.MapGet(path, async (HttpContext http, CancellationToken ct) =>
        {
            var limitText = http.Request.Query["limit"].ToString();
            var weight = int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out var asked) ? weightOf(asked) : weightOf(DefaultKlineLimit);
            var entry = await gate.EnterAsync(http, EndpointSecurity.None, weight, ct);
            if (entry.Rejection is not null)
            {
                return entry.Rejection;
            }

            var parameters = entry.Parameters;
            if (parameters.Get("symbol") is not { } symbol)
            {
                return ApiResults.Error(ApiError.MandatoryParameter("symbol"));
            }

            if (parameters.Get("interval") is not { } intervalText)
            {
                return ApiResults.Error(ApiError.MandatoryParameter("interval"));
            }

            if (symbolOf(symbol) is not { } symbolInfo)
            {
                return ApiResults.Error(ApiError.InvalidSymbol);
            }

            if (!KlineInterval.TryParse(intervalText, out var interval))
            {
                return ApiResults.Error(InvalidInterval);
            }

            var start = parameters.GetLong("startTime", out var error);
            var end = error is null ? parameters.GetLong("endTime", out error) : null;
            var limit = error is null ? parameters.GetLong("limit", out error) ?? DefaultKlineLimit : 0;
            if (error is not null)
            {
                return ApiResults.Error(error);
            }

            if (limit < 1 || limit > maxLimit)
            {
                return ApiResults.Error(ApiError.InvalidParameter("limit"));
            }

            if (start is { } s && end is { } e && e < s)
            {
                return ApiResults.Error(ApiError.InvalidParameter("startTime"));
            }

            return Results.Text(Rows(klines(symbol, interval, start, end, (int)limit), symbolInfo.PricePrecision), "application/json", Encoding.UTF8);
        });
    }

    /// <summary>Serves a market-stream WebSocket; 400 when the names are not stream names.</summary>
    internal static async Task ServeAsync(HttpContext http, MarketStreams market, string names, bool combined)
    {
        if (!http.WebSockets.IsWebSocketRequest)
        {
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        if (MarketStreams.ParseNames(names) is not { } streams)
        {
            await ApiResults.Error(ApiError.InvalidParameter("streams")).ExecuteAsync(http);
            return;
        }

        var reader = market.Connect(streams, combined);
        try
        {
            await StreamSocket.ServeAsync(http, reader, static json => json, market.PingInterval, market.PongTimeout, static _ => Task.CompletedTask);
        }
        finally
        {
            market.Disconnect(reader);
        }
    }

    /// <summary>Rows as Binance writes them: an array per bar, times and counts as numbers, the rest as strings.</summary>
    private static string Rows(IReadOnlyList<KlineBar> bars, int pricePlaces)
    {
        var text = new StringBuilder("[");
        for (var i = 0; i < bars.Count; i++)
        {
            var b = bars[i];
            text.Append(i == 0 ? "[" : ",[")
                .Append(b.OpenTime.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append('"').Append(WireFormat.Fixed(b.Open, pricePlaces)).Append("\",")
                .Append('"').Append(WireFormat.Fixed(b.High, pricePlaces)).Append("\",")
                .Append('"').Append(WireFormat.Fixed(b.Low, pricePlaces)).Append("\",")
                .Append('"').Append(WireFormat.Fixed(b.Close, pricePlaces)).Append("\",")
                .Append('"').Append(WireFormat.Plain(b.Volume)).Append("\",")
                .Append(b.CloseTime.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append('"').Append(WireFormat.Plain(b.QuoteVolume)).Append("\",")
                .Append(b.Trades.ToString(CultureInfo.InvariantCulture)).Append(',')
                .Append('"').Append(WireFormat.Plain(b.TakerBuyVolume)).Append("\",")
                .Append('"').Append(WireFormat.Plain(b.TakerBuyQuoteVolume)).Append("\",")
                .Append("\"0\"]");
        }

        return text.Append(']').ToString();
    }
}
