using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tally.PaperExchange.Http;
using Tally.PaperExchange.Wire;

namespace Tally.PaperExchange.Apis;

/// <summary>
/// Public funding endpoints: GET /fapi/v1/premiumIndex (weight 1 with a symbol, 10 without) and
/// GET /fapi/v1/fundingRate (weight 1; limit default 100, max 1000).
/// </summary>
public static class FundingApi
{
    public const int DefaultLimit = 100;

    public static IEndpointRouteBuilder MapFundingApi(this IEndpointRouteBuilder app, PaperVenue venue, RequestGate gate)
    {
        app.MapGet("/fapi/v1/premiumIndex", async (HttpContext http, CancellationToken ct) =>
        {
            var symbol = http.Request.Query["symbol"].ToString();
            var entry = await gate.EnterAsync(http, EndpointSecurity.None, weight: symbol.Length == 0 ? 10 : 1, ct);
            if (entry.Rejection is not null)
            {
                return entry.Rejection;
            }

            if (symbol.Length == 0)
            {
                return Results.Json(venue.Symbols.Select(s => PremiumIndex(venue, s.Symbol)).ToList(), PaperJsonContext.Default.ListPremiumIndexRow);
            }

            return venue.TryGetSymbol(symbol, out _)
                ? Results.Json(PremiumIndex(venue, symbol), PaperJsonContext.Default.PremiumIndexRow)
                : ApiResults.Error(ApiError.InvalidSymbol);
        });

        app.MapGet("/fapi/v1/fundingRate", async (HttpContext http, CancellationToken ct) =>
        {
            var entry = await gate.EnterAsync(http, EndpointSecurity.None, weight: 1, ct);
            if (entry.Rejection is not null)
            {
                return entry.Rejection;
            }

            var parameters = entry.Parameters;
            if (parameters.Get("symbol") is not { } symbol)
            {
                // Ours: Binance answers every symbol without one; the paper exchange asks for it.
                return ApiResults.Error(ApiError.MandatoryParameter("symbol"));
            }

            if (!venue.TryGetSymbol(symbol, out _))
            {
                return ApiResults.Error(ApiError.InvalidSymbol);
            }

            var start = parameters.GetLong("startTime", out var error);
            var end = error is null ? parameters.GetLong("endTime", out error) : null;
            var limit = error is null ? parameters.GetLong("limit", out error) ?? DefaultLimit : 0;
            if (error is not null)
            {
                return ApiResults.Error(error);
            }

            if (limit is < 1 or > 1000)
            {
                return ApiResults.Error(ApiError.InvalidParameter("limit"));
            }

            var rows = venue.FundingHistory(
                symbol,
                start is { } s ? DateTimeOffset.FromUnixTimeMilliseconds(s) : null,
                end is { } e ? DateTimeOffset.FromUnixTimeMilliseconds(e) : null,
                (int)limit);
            return Results.Json(
                rows.Select(r => new FundingRateRow(r.Symbol, WireFormat.Fixed(r.Rate, 8), WireFormat.Millis(r.Time), WireFormat.Fixed(r.MarkPrice, 8))).ToList(),
                PaperJsonContext.Default.ListFundingRateRow);
        });

        return app;
    }

    /// <summary>
    /// Mark = index = the venue's price (it has one price per symbol). <c>lastFundingRate</c> is, as on Binance, the
    /// rate that the next funding time will apply — known in advance here, since rates are seeded.
    /// </summary>
    private static PremiumIndexRow PremiumIndex(PaperVenue venue, string symbol)
    {
        var next = venue.NextFundingTime;
        var mark = WireFormat.Fixed(venue.MarkPrice(symbol), 8);
        return new PremiumIndexRow(
            symbol,
            mark,
            mark,
            mark,
            WireFormat.Fixed(venue.FundingRate(symbol, next), 8),
            InterestRate: "0.00010000",
            WireFormat.Millis(next),
            WireFormat.Millis(venue.Time.GetUtcNow()));
    }
}
