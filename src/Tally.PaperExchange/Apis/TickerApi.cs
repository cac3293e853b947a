using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tally.PaperExchange.Http;
using Tally.PaperExchange.Wire;

namespace Tally.PaperExchange.Apis;

/// <summary>
/// Public tickers, no key: GET /fapi/v1/ticker/24hr (weight 1 for one symbol, 40 for all), /fapi/v1/ticker/price and
/// /fapi/v2/ticker/price (1 / 2), /fapi/v1/ticker/bookTicker (2 / 5). With <c>symbol</c> the answer is one object,
/// without it an array of every symbol; an unknown symbol is -1121.
/// </summary>
public static class TickerApi
{
    /// <summary>
    /// Depth the book ticker shows on each side, as a share of the symbol's max order size. Ours: the paper exchange
    /// has no book; market orders fill at the walk's price whatever their size.
    /// </summary>
    private const decimal BookShare = 0.01m;

    public static IEndpointRouteBuilder MapTickerApi(this IEndpointRouteBuilder app, PaperVenue venue, RequestGate gate)
    {
        app.MapGet("/fapi/v1/ticker/24hr", (HttpContext http, CancellationToken ct) =>
            AnswerAsync(http, venue, gate, oneWeight: 1, allWeight: 40, ToDayRow, PaperJsonContext.Default.Ticker24hRow, PaperJsonContext.Default.ListTicker24hRow, ct));

        app.MapGet("/fapi/v1/ticker/price", (HttpContext http, CancellationToken ct) =>
            AnswerAsync(http, venue, gate, oneWeight: 1, allWeight: 2, ToPriceRow, PaperJsonContext.Default.PriceTickerRow, PaperJsonContext.Default.ListPriceTickerRow, ct));

        app.MapGet("/fapi/v2/ticker/price", (HttpContext http, CancellationToken ct) =>
            AnswerAsync(http, venue, gate, oneWeight: 1, allWeight: 2, ToPriceRow, PaperJsonContext.Default.PriceTickerRow, PaperJsonContext.Default.ListPriceTickerRow, ct));

        app.MapGet("/fapi/v1/ticker/bookTicker", (HttpContext http, CancellationToken ct) =>
            AnswerAsync(http, venue, gate, oneWeight: 2, allWeight: 5, ToBookRow, PaperJsonContext.Default.BookTickerRow, PaperJsonContext.Default.ListBookTickerRow, ct));

        return app;
    }

    private static async Task<IResult> AnswerAsync<TRow>(
        HttpContext http,
        PaperVenue venue,
        RequestGate gate,
        int oneWeight,
        int allWeight,
        Func<TickerSnapshot, TRow> toRow,
        System.Text.Json.Serialization.Metadata.JsonTypeInfo<TRow> one,
        System.Text.Json.Serialization.Metadata.JsonTypeInfo<List<TRow>> all,
        CancellationToken ct)
    {
        var single = !string.IsNullOrEmpty(http.Request.Query["symbol"].ToString());
        var entry = await gate.EnterAsync(http, EndpointSecurity.None, single ? oneWeight : allWeight, ct);
        if (entry.Rejection is not null)
        {
            return entry.Rejection;
        }

        var symbol = entry.Parameters.Get("symbol");
        if (symbol is not null && !venue.TryGetSymbol(symbol, out _))
        {
            return ApiResults.Error(ApiError.InvalidSymbol);
        }

        var rows = venue.Tickers(symbol).Select(toRow).ToList();
        return symbol is null ? Results.Json(rows, all) : Results.Json(rows[0], one);
    }

    private static Ticker24hRow ToDayRow(TickerSnapshot t)
    {
        var s = t.Symbol;
        var price = s.PricePrecision;
        return new Ticker24hRow(
            s.Symbol,
            WireFormat.Fixed(t.PriceChange, price),
            WireFormat.Fixed(t.PriceChangePercent, 3),
            WireFormat.Fixed(t.WeightedAveragePrice, price),
            WireFormat.Fixed(t.LastPrice, price),
            WireFormat.Fixed(t.LastQuantity, s.QuantityPrecision),
            WireFormat.Fixed(t.OpenPrice, price),
            WireFormat.Fixed(t.HighPrice, price),
            WireFormat.Fixed(t.LowPrice, price),
            WireFormat.Fixed(t.Volume, s.QuantityPrecision),
            WireFormat.Fixed(t.QuoteVolume, price + s.QuantityPrecision),
            WireFormat.Millis(t.OpenTime),
            WireFormat.Millis(t.CloseTime),
            t.FirstId,
            t.LastId,
            t.Count);
    }

    private static PriceTickerRow ToPriceRow(TickerSnapshot t) =>
        new(t.Symbol.Symbol, WireFormat.Fixed(t.LastPrice, t.Symbol.PricePrecision), WireFormat.Millis(t.CloseTime));

    /// <summary>One tick either side of the walk's price (never below one tick); lastUpdateId is the time in ms, which only grows.</summary>
    private static BookTickerRow ToBookRow(TickerSnapshot t)
    {
        var s = t.Symbol;
        var depth = WireFormat.Fixed(Math.Max(s.StepSize, Math.Floor(s.MaxQuantity * BookShare / s.StepSize) * s.StepSize), s.QuantityPrecision);
        var bid = Math.Max(t.LastPrice - s.TickSize, s.TickSize);
        var ms = WireFormat.Millis(t.CloseTime);
        return new BookTickerRow(ms, s.Symbol, WireFormat.Fixed(bid, s.PricePrecision), depth, WireFormat.Fixed(t.LastPrice + s.TickSize, s.PricePrecision), depth, ms);
    }
}
