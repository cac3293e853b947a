using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tally.Core;
using Tally.PaperExchange.Http;
using Tally.PaperExchange.Wire;

namespace Tally.PaperExchange.Apis;

/// <summary>Account endpoints: position mode (GET weight 30, POST weight 1) and positionRisk v2 (weight 5). All signed.</summary>
public static class AccountApi
{
    public static IEndpointRouteBuilder MapAccountApi(this IEndpointRouteBuilder app, PaperVenue venue, RequestGate gate)
    {
        app.MapGet("/fapi/v1/positionSide/dual", async (HttpContext http, CancellationToken ct) =>
        {
            var entry = await gate.EnterAsync(http, EndpointSecurity.Signed, weight: 30, ct);
            return entry.Rejection ?? Results.Json(new DualSideResponse(venue.Mode == PositionMode.Hedge), PaperJsonContext.Default.DualSideResponse);
        });

        app.MapPost("/fapi/v1/positionSide/dual", async (HttpContext http, CancellationToken ct) =>
        {
            var entry = await gate.EnterAsync(http, EndpointSecurity.Signed, weight: 1, ct);
            if (entry.Rejection is not null)
            {
                return entry.Rejection;
            }

            var mode = entry.Parameters.Get("dualSidePosition") switch
            {
                "true" => PositionMode.Hedge,
                "false" => PositionMode.OneWay,
                _ => (PositionMode?)null,
            };
            if (mode is null)
            {
                return ApiResults.Error(ApiError.MandatoryParameter("dualSidePosition"));
            }

            var error = venue.ChangeMode(mode.Value);
            return error is null
                ? Results.Json(new ErrorResponse(200, "success"), PaperJsonContext.Default.ErrorResponse)
                : ApiResults.Error(error);
        });

        app.MapGet("/fapi/v2/positionRisk", async (HttpContext http, CancellationToken ct) =>
        {
            var entry = await gate.EnterAsync(http, EndpointSecurity.Signed, weight: 5, ct);
            if (entry.Rejection is not null)
            {
                return entry.Rejection;
            }

            var symbol = entry.Parameters.Get("symbol");
            if (symbol is not null && !venue.TryGetSymbol(symbol, out _))
            {
                return ApiResults.Error(ApiError.InvalidSymbol);
            }

            var rows = venue.Positions(symbol).Select(p => ToRow(p, venue)).ToList();
            return Results.Json(rows, PaperJsonContext.Default.ListPositionRiskRow);
        });

        return app;
    }

    private static PositionRiskRow ToRow(PositionSnapshot p, PaperVenue venue) => new(
        p.Symbol.Symbol,
        p.PositionSide.ToWireName(),
        WireFormat.Fixed(p.Amount, p.Symbol.QuantityPrecision),
        WireFormat.Fixed(p.EntryPrice, 8),
        WireFormat.Fixed(p.BreakEvenPrice(venue.TakerFeeRate), 8),
        WireFormat.Fixed(p.MarkPrice, 8),
        WireFormat.Fixed(p.UnrealizedProfit, 8),
        LiquidationPrice: "0",
        venue.Leverage.ToString(System.Globalization.CultureInfo.InvariantCulture),
        MaxNotionalValue: "250000000",
        MarginType: "cross",
        IsolatedMargin: "0.00000000",
        IsAutoAddMargin: "false",
        WireFormat.Fixed(p.Notional, 8),
        IsolatedWallet: "0",
        p.UpdateTime is { } at ? WireFormat.Millis(at) : 0);
}
