using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tally.Core;
using Tally.PaperExchange.Http;
using Tally.PaperExchange.Wire;

namespace Tally.PaperExchange.Apis;

/// <summary>Account endpoints: position mode (GET weight 30, POST weight 1) and positionRisk v2 and v3 (weight 5). All signed.</summary>
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

        app.MapGet("/fapi/v2/balance", (HttpContext http, CancellationToken ct) => BalanceAsync(http, venue, gate, ct));
        app.MapGet("/fapi/v3/balance", (HttpContext http, CancellationToken ct) => BalanceAsync(http, venue, gate, ct));

        app.MapGet("/fapi/v3/positionRisk", async (HttpContext http, CancellationToken ct) =>
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

            // v3 lists only symbols with a position or open orders; their flat sides still appear.
            var active = venue.OpenOrders(symbol).Select(o => o.Symbol.Symbol).ToHashSet(StringComparer.Ordinal);
            var positions = venue.Positions(symbol);
            active.UnionWith(positions.Where(p => p.Amount != 0).Select(p => p.Symbol.Symbol));
            var rows = positions.Where(p => active.Contains(p.Symbol.Symbol)).Select(p => ToV3Row(p, venue)).ToList();
            return Results.Json(rows, PaperJsonContext.Default.ListPositionRiskV3Row);
        });

        return app;
    }

    private static async Task<IResult> BalanceAsync(HttpContext http, PaperVenue venue, RequestGate gate, CancellationToken ct)
    {
        var entry = await gate.EnterAsync(http, EndpointSecurity.Signed, weight: 5, ct);
        if (entry.Rejection is not null)
        {
            return entry.Rejection;
        }

        // One USDT row. Available = wallet + unrealized − initial margin of the open positions (ours, cross only).
        var f = AccountInfoApi.Figures(venue);
        var available = WireFormat.Fixed(f.Available, 8);
        BalanceRow[] rows =
        [
            new("paper", "USDT", WireFormat.Fixed(f.Wallet, 8), WireFormat.Fixed(f.Wallet, 8), WireFormat.Fixed(f.Unrealized, 8), available, available, MarginAvailable: true, WireFormat.Millis(f.At)),
        ];
        return Results.Json(rows.ToList(), PaperJsonContext.Default.ListBalanceRow);
    }

    private static PositionRiskV3Row ToV3Row(PositionSnapshot p, PaperVenue venue)
    {
        // Ours: initial margin = |notional| / leverage; maintenance at MaintenanceMarginRate (default 0.4 %, Binance's
        // first bracket for majors) of |notional|; no open-order margin, no ADL ranking.
        var notional = Math.Abs(p.Notional);
        var initial = WireFormat.Fixed(p.InitialMargin, 8);
        return new PositionRiskV3Row(
            p.Symbol.Symbol,
            p.PositionSide.ToWireName(),
            WireFormat.Fixed(p.Amount, p.Symbol.QuantityPrecision),
            WireFormat.Fixed(p.EntryPrice, 8),
            WireFormat.Fixed(p.BreakEvenPrice(venue.TakerFeeRate), 8),
            WireFormat.Fixed(p.MarkPrice, 8),
            WireFormat.Fixed(p.UnrealizedProfit, 8),
            LiquidationPrice(p),
            IsolatedMargin: "0",
            WireFormat.Fixed(p.Notional, 8),
            p.Symbol.QuoteAsset,
            IsolatedWallet: "0",
            initial,
            WireFormat.Fixed(notional * venue.MaintenanceMarginRate, 8),
            initial,
            OpenOrderInitialMargin: "0",
            Adl: 0,
            BidNotional: "0",
            AskNotional: "0",
            p.UpdateTime is { } at ? WireFormat.Millis(at) : 0);
    }

    /// <summary>The cross-margin model's liquidation price (PaperVenue.Liquidation.cs); "0" when there is none, as Binance writes it.</summary>
    private static string LiquidationPrice(PositionSnapshot p) => p.LiquidationPrice > 0 ? WireFormat.Fixed(p.LiquidationPrice, 8) : "0";

    private static PositionRiskRow ToRow(PositionSnapshot p, PaperVenue venue) => new(
        p.Symbol.Symbol,
        p.PositionSide.ToWireName(),
        WireFormat.Fixed(p.Amount, p.Symbol.QuantityPrecision),
        WireFormat.Fixed(p.EntryPrice, 8),
        WireFormat.Fixed(p.BreakEvenPrice(venue.TakerFeeRate), 8),
        WireFormat.Fixed(p.MarkPrice, 8),
        WireFormat.Fixed(p.UnrealizedProfit, 8),
        LiquidationPrice(p),
        p.Leverage.ToString(System.Globalization.CultureInfo.InvariantCulture),
        LeverageBracket.MaxNotional(p.Leverage).ToString("0", System.Globalization.CultureInfo.InvariantCulture),
        p.MarginType.ToPositionWireName(),
        IsolatedMargin: "0.00000000",
        IsAutoAddMargin: "false",
        WireFormat.Fixed(p.Notional, 8),
        IsolatedWallet: "0",
        p.UpdateTime is { } at ? WireFormat.Millis(at) : 0);
}
