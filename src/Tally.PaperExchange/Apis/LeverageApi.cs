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
        app.MapGet("/fapi/v1/leverageBracket", (HttpContext http, CancellationToken ct) => SignedAsync(http, gate, parameters => Brackets(venue, parameters), ct));
        app.MapPost("/fapi/v1/leverage", (HttpContext http, CancellationToken ct) => SignedAsync(http, gate, parameters => ChangeLeverage(venue, parameters), ct));
        app.MapPost("/fapi/v1/marginType", (HttpContext http, CancellationToken ct) => SignedAsync(http, gate, parameters => ChangeMarginType(venue, parameters), ct));
        return app;
    }

    private static async Task<IResult> SignedAsync(HttpContext http, RequestGate gate, Func<RequestParameters, IResult> handle, CancellationToken ct)
    {
        var entry = await gate.EnterAsync(http, EndpointSecurity.Signed, weight: 1, ct);
        return entry.Rejection ?? handle(entry.Parameters);
    }

    private static IResult Brackets(PaperVenue venue, RequestParameters parameters)
    {
        var symbol = parameters.Get("symbol");
        if (symbol is not null && !venue.TryGetSymbol(symbol, out _))
        {
            return ApiResults.Error(ApiError.InvalidSymbol);
        }

        // A list even when one symbol is asked for: live answers are a one-element array (sieblyio/binance#310).
        var tiers = LeverageBracket.Default
            .Select(b => new LeverageBracketTier(b.Bracket, b.InitialLeverage, WireFormat.Plain(b.NotionalCap), WireFormat.Plain(b.NotionalFloor), WireFormat.Plain(b.MaintMarginRatio), WireFormat.Plain(b.Cum)))
            .ToList();
        var rows = venue.Symbols
            .Where(s => symbol is null || s.Symbol == symbol)
            .Select(s => new LeverageBracketRow(s.Symbol, tiers))
            .ToList();
        return Results.Json(rows, PaperJsonContext.Default.ListLeverageBracketRow);
    }

    private static IResult ChangeLeverage(PaperVenue venue, RequestParameters parameters)
    {
        var symbol = parameters.Get("symbol");
        var leverage = parameters.GetLong("leverage", out var malformed);
        var error = symbol is null ? ApiError.MandatoryParameter("symbol")
            : malformed ?? (leverage is null ? ApiError.MandatoryParameter("leverage") : venue.ChangeLeverage(symbol, leverage.Value));
        return error is null
            ? Results.Json(new LeverageResponse((int)leverage!.Value, LeverageBracket.MaxNotional((int)leverage.Value).ToString("0", CultureInfo.InvariantCulture), symbol!), PaperJsonContext.Default.LeverageResponse)
            : ApiResults.Error(error);
    }

    private static IResult ChangeMarginType(PaperVenue venue, RequestParameters parameters)
    {
        var symbol = parameters.Get("symbol");
        var text = parameters.Get("marginType");
        var error = symbol is null ? ApiError.MandatoryParameter("symbol")
            : text is null ? ApiError.MandatoryParameter("marginType")
            : !MarginTypeNames.TryParse(text, out var type) ? ApiError.InvalidParameter("marginType")
            : venue.ChangeMarginType(symbol, type);
        return error is null
            ? Results.Json(new ErrorResponse(200, "success"), PaperJsonContext.Default.ErrorResponse)
            : ApiResults.Error(error);
    }
}
