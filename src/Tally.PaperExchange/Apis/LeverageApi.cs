using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tally.PaperExchange.Http;
using Tally.PaperExchange.Wire;

namespace Tally.PaperExchange.Apis;

/// <summary>
/// Leverage brackets (GET, USER_DATA), leverage and margin type (POST, TRADE); all signed, weight 1
/// (binance-wire-market.md). Clients such as ccxt read the brackets before positionRisk.
/// </summary>
public static class LeverageApi
{
    public static IEndpointRouteBuilder MapLeverageApi(this IEndpointRouteBuilder app, PaperVenue venue, RequestGate gate)
    {
        app.MapGet("/fapi/v1/leverageBracket", async (HttpContext http, CancellationToken ct) =>
        {
            var entry = await gate.EnterAsync(http, EndpointSecurity.Signed, weight: 1, ct);
            if (entry.Rejection is not null)
            {
                return entry.Rejection;
            }

            var symbol = entry.Parameters.Get("symbol");
            if (symbol is not null && !venue.TryGetSymbol(symbol, out _))
            {
                return ApiResults.Error(ApiError.InvalidSymbol);
            }

            // A list even when one symbol is asked for: live answers are a one-element array (sieblyio/binance#310).
            var tiers = LeverageBracket.Default
                .Select(b => new LeverageBracketTier(b.Bracket, b.InitialLeverage, b.NotionalCap, b.NotionalFloor, b.MaintMarginRatio, b.Cum))
                .ToList();
            var rows = venue.Symbols
                .Where(s => symbol is null || s.Symbol == symbol)
                .Select(s => new LeverageBracketRow(s.Symbol, tiers))
                .ToList();
            return Results.Json(rows, PaperJsonContext.Default.ListLeverageBracketRow);
        });

        app.MapPost("/fapi/v1/leverage", async (HttpContext http, CancellationToken ct) =>
        {
            var entry = await gate.EnterAsync(http, EndpointSecurity.Signed, weight: 1, ct);
            if (entry.Rejection is not null)
            {
                return entry.Rejection;
            }

            if (entry.Parameters.Get("symbol") is not { } symbol)
            {
                return ApiResults.Error(ApiError.MandatoryParameter("symbol"));
            }

            var leverage = entry.Parameters.GetLong("leverage", out var malformed);
            if (malformed is not null)
            {
                return ApiResults.Error(malformed);
            }

            if (leverage is null)
            {
                return ApiResults.Error(ApiError.MandatoryParameter("leverage"));
            }

            var error = venue.ChangeLeverage(symbol, leverage.Value, out var maxNotional);
            return error is null
                ? Results.Json(new LeverageResponse((int)leverage.Value, maxNotional.ToString("0", CultureInfo.InvariantCulture), symbol), PaperJsonContext.Default.LeverageResponse)
                : ApiResults.Error(error);
        });

        app.MapPost("/fapi/v1/marginType", async (HttpContext http, CancellationToken ct) =>
        {
            var entry = await gate.EnterAsync(http, EndpointSecurity.Signed, weight: 1, ct);
            if (entry.Rejection is not null)
            {
                return entry.Rejection;
            }

            if (entry.Parameters.Get("symbol") is not { } symbol)
            {
                return ApiResults.Error(ApiError.MandatoryParameter("symbol"));
            }

            var text = entry.Parameters.Get("marginType");
            if (text is null)
            {
                return ApiResults.Error(ApiError.MandatoryParameter("marginType"));
            }

            if (!MarginTypeNames.TryParse(text, out var type))
            {
                return ApiResults.Error(ApiError.InvalidParameter("marginType"));
            }

            var error = venue.ChangeMarginType(symbol, type);
            return error is null
                ? Results.Json(new ErrorResponse(200, "success"), PaperJsonContext.Default.ErrorResponse)
                : ApiResults.Error(error);
        });

        return app;
    }
}
