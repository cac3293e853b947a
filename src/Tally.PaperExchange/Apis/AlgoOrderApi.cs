using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tally.Core;
using Tally.PaperExchange.Algo;
using Tally.PaperExchange.Http;
using Tally.PaperExchange.Wire;

namespace Tally.PaperExchange.Apis;

/// <summary>
/// Conditional orders on Binance's Algo Order API (since 2025-12; /fapi/v1/order answers -4120 for these types):
/// POST /fapi/v1/algoOrder (TRADE, IP weight 0, counts as an order), GET /fapi/v1/algoOrder (weight 1),
/// DELETE /fapi/v1/algoOrder (weight 1), DELETE /fapi/v1/algoOpenOrders (symbol required, weight 1),
/// GET /fapi/v1/openAlgoOrders (weight 1 with symbol, 40 without). All signed.
/// </summary>
public static class AlgoOrderApi
{
    // Features of the Algo API this slice does not simulate: refused rather than silently ignored.
    private static readonly string[] Unsupported = ["price", "priceMatch", "goodTillDate", "selfTradePreventionMode", "icebergQuantity"];

    public static IEndpointRouteBuilder MapAlgoOrderApi(this IEndpointRouteBuilder app, PaperVenue venue, RequestGate gate, OrderCounter orders)
    {
        app.MapPost("/fapi/v1/algoOrder", async (HttpContext http, CancellationToken ct) =>
        {
            var entry = await gate.EnterAsync(http, EndpointSecurity.Signed, weight: 0, ct);
            if (entry.Rejection is not null)
            {
                return entry.Rejection;
            }

            var (tenSeconds, minute) = orders.Count(venue.Time.GetUtcNow(), out var countError);
            http.Response.Headers["X-MBX-ORDER-COUNT-10S"] = tenSeconds.ToString(CultureInfo.InvariantCulture);
            http.Response.Headers["X-MBX-ORDER-COUNT-1M"] = minute.ToString(CultureInfo.InvariantCulture);
            if (countError is not null)
            {
                return ApiResults.Error(countError);
            }

            var error = TryParse(entry.Parameters, out var request);
            if (error is not null)
            {
                return ApiResults.Error(error);
            }

            error = venue.TryPlaceAlgo(request, out var placed);
            return error is null
                ? Results.Json(ToResponse(placed), PaperJsonContext.Default.AlgoOrderResponse)
                : ApiResults.Error(error);
        });

        // GET and DELETE /fapi/v1/algoOrder: weight 1, then algoId or clientAlgoId names the order.
        async Task<IResult> WithReference(HttpContext http, CancellationToken ct, Func<long?, string?, IResult> answer)
        {
            var entry = await gate.EnterAsync(http, EndpointSecurity.Signed, weight: 1, ct);
            if (entry.Rejection is not null)
            {
                return entry.Rejection;
            }

            var error = TryParseReference(entry.Parameters, out var algoId, out var clientAlgoId);
            return error is null ? answer(algoId, clientAlgoId) : ApiResults.Error(error);
        }

        app.MapGet("/fapi/v1/algoOrder", (HttpContext http, CancellationToken ct) => WithReference(http, ct, (algoId, clientAlgoId) =>
        {
            var error = venue.TryGetAlgo(algoId, clientAlgoId, out var order);
            return error is null
                ? Results.Json(ToResponse(order), PaperJsonContext.Default.AlgoOrderResponse)
                : ApiResults.Error(error);
        }));

        app.MapDelete("/fapi/v1/algoOrder", (HttpContext http, CancellationToken ct) => WithReference(http, ct, (algoId, clientAlgoId) =>
        {
            var error = venue.TryCancelAlgo(algoId, clientAlgoId, out var canceled);
            return error is null
                ? Results.Json(new AlgoCancelResponse(canceled.AlgoId, canceled.ClientAlgoId, "200", "success"), PaperJsonContext.Default.AlgoCancelResponse)
                : ApiResults.Error(error);
        }));

        app.MapDelete("/fapi/v1/algoOpenOrders", async (HttpContext http, CancellationToken ct) =>
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

            var error = venue.CancelAllAlgo(symbol, out _);
            return error is null
                ? Results.Json(new ErrorResponse(200, "The operation of cancel all open order is done."), PaperJsonContext.Default.ErrorResponse)
                : ApiResults.Error(error);
        });

        app.MapGet("/fapi/v1/openAlgoOrders", async (HttpContext http, CancellationToken ct) =>
        {
            var symbolQuery = http.Request.Query["symbol"].ToString();
            var entry = await gate.EnterAsync(http, EndpointSecurity.Signed, weight: string.IsNullOrEmpty(symbolQuery) ? 40 : 1, ct);
            if (entry.Rejection is not null)
            {
                return entry.Rejection;
            }

            var symbol = entry.Parameters.Get("symbol");
            if (symbol is not null && !venue.TryGetSymbol(symbol, out _))
            {
                return ApiResults.Error(ApiError.InvalidSymbol);
            }

            if (entry.Parameters.Get("algoType") is { } algoType && algoType != "CONDITIONAL")
            {
                return ApiResults.Error(ApiError.InvalidParameter("algoType"));
            }

            var algoId = entry.Parameters.GetLong("algoId", out var idError);
            if (idError is not null)
            {
                return ApiResults.Error(idError);
            }

            var rows = venue.OpenAlgoOrders(symbol).Where(o => algoId is null || o.AlgoId == algoId).Select(ToResponse).ToList();
            return Results.Json(rows, PaperJsonContext.Default.ListAlgoOrderResponse);
        });

        return app;
    }

    /// <summary>algoId or clientAlgoId, as query and cancel take them.</summary>
    public static ApiError? TryParseReference(RequestParameters parameters, out long? algoId, out string? clientAlgoId)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        clientAlgoId = parameters.Get("clientAlgoId");
        algoId = parameters.GetLong("algoId", out var error);
        if (error is not null)
        {
            return error;
        }

        return algoId is null && clientAlgoId is null
            ? new ApiError(400, -1102, "Param 'clientAlgoId' or 'algoId' must be sent, but both were empty/null!")
            : null;
    }

    /// <summary>Turns wire parameters into an <see cref="AlgoOrderRequest"/>; the venue checks the business rules.</summary>
    public static ApiError? TryParse(RequestParameters parameters, out AlgoOrderRequest request)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        request = null!;
        switch (parameters.Get("algoType"))
        {
            case null:
                return ApiError.MandatoryParameter("algoType");
            case not "CONDITIONAL":
                return ApiError.InvalidParameter("algoType");
        }

        if (CommonParameters.TryParseSymbolAndSide(parameters, out var symbol, out var side) is { } symbolOrSideError)
        {
            return symbolOrSideError;
        }

        if (parameters.Get("type") is not { } typeText)
        {
            return ApiError.MandatoryParameter("type");
        }

        if (!AlgoWireNames.TryParseAlgoOrderType(typeText, out var type))
        {
            // STOP and TAKE_PROFIT (limit) exist on Binance but are not simulated; anything else is not a conditional type.
            return ApiError.InvalidOrderType;
        }

        if (CommonParameters.RejectUnsupported(parameters, Unsupported) is { } unsupported)
        {
            return unsupported;
        }

        if (CommonParameters.TryParsePositionSide(parameters, out var positionSide) is { } positionError)
        {
            return positionError;
        }

        var closeError = ParseFlag(parameters, "closePosition", out var closePosition);
        var reduceError = ParseFlag(parameters, "reduceOnly", out var reduceOnly);
        var protectError = ParseFlag(parameters, "priceProtect", out var priceProtect);
        var error = closeError ?? reduceError ?? protectError;
        if (error is not null)
        {
            return error;
        }

        var quantity = parameters.GetDecimal("quantity", out error);
        var triggerPrice = error is null ? parameters.GetDecimal("triggerPrice", out error) : null;
        var activatePrice = error is null ? parameters.GetDecimal("activatePrice", out error) : null;
        var callbackRate = error is null ? parameters.GetDecimal("callbackRate", out error) : null;
        if (error is not null)
        {
            return error;
        }

        WorkingType workingType;
        switch (parameters.Get("workingType"))
        {
            case null or "CONTRACT_PRICE":
                workingType = WorkingType.ContractPrice;
                break;
            case "MARK_PRICE":
                workingType = WorkingType.MarkPrice;
                break;
            default:
                return ApiError.InvalidParameter("workingType");
        }

        var timeInForce = parameters.Get("timeInForce") ?? "GTC";
        if (timeInForce is not ("GTC" or "IOC" or "FOK" or "GTX"))
        {
            return ApiError.InvalidTimeInForce;
        }

        if (parameters.Get("newOrderRespType") is not (null or "ACK" or "RESULT"))
        {
            return ApiError.InvalidParameter("newOrderRespType");
        }

        request = new AlgoOrderRequest(
            symbol,
            side,
            type,
            positionSide,
            quantity,
            closePosition == true,
            reduceOnly,
            triggerPrice,
            activatePrice,
            callbackRate,
            workingType,
            priceProtect == true,
            timeInForce,
            parameters.Get("clientAlgoId"));
        return null;
    }

    public static AlgoOrderResponse ToResponse(PaperAlgoOrder order)
    {
        ArgumentNullException.ThrowIfNull(order);
        var s = order.Symbol;
        var trailing = order.Type == AlgoOrderType.TrailingStopMarket;
        return new AlgoOrderResponse(
            order.AlgoId,
            order.ClientAlgoId,
            "CONDITIONAL",
            order.Type.ToWireName(),
            s.Symbol,
            order.Side.ToWireName(),
            order.PositionSide.ToWireName(),
            order.TimeInForce,
            WireFormat.Fixed(order.Quantity, s.QuantityPrecision),
            order.Status.ToWireName(),
            order.ActualOrderId?.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
            WireFormat.Fixed(order.AveragePrice, Math.Max(s.PricePrecision, 5)),
            WireFormat.Fixed(order.TriggerPrice, s.PricePrecision),
            WireFormat.Fixed(0m, s.PricePrecision),
            SelfTradePreventionMode: "EXPIRE_MAKER",
            order.WorkingType.ToWireName(),
            PriceMatch: "NONE",
            order.ClosePosition,
            order.PriceProtect,
            order.ReduceOnly,
            trailing && order.ActivatePrice is { } activate ? WireFormat.Fixed(activate, s.PricePrecision) : string.Empty,
            trailing ? WireFormat.Plain(order.CallbackRate!.Value) : string.Empty,
            WireFormat.Millis(order.CreateTime),
            WireFormat.Millis(order.UpdateTime),
            order.TriggerTime is { } at ? WireFormat.Millis(at) : 0,
            GoodTillDate: 0);
    }

    public static AlgoUpdateEvent ToWire(AlgoEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var order = e.Order;
        var s = order.Symbol;
        var placed = order.ActualOrderId is not null;
        var ms = WireFormat.Millis(e.At);
        return new AlgoUpdateEvent("ALGO_UPDATE", ms, ms, new AlgoUpdateBody(
            order.ClientAlgoId,
            order.AlgoId,
            "CONDITIONAL",
            order.Type.ToWireName(),
            s.Symbol,
            order.Side.ToWireName(),
            order.PositionSide.ToWireName(),
            order.TimeInForce,
            WireFormat.Fixed(order.Quantity, s.QuantityPrecision),
            order.Status.ToWireName(),
            order.ActualOrderId?.ToString(CultureInfo.InvariantCulture) ?? string.Empty,
            WireFormat.Fixed(order.AveragePrice, Math.Max(s.PricePrecision, 5)),
            WireFormat.Fixed(order.ExecutedQuantity, Math.Max(s.QuantityPrecision, 5)),
            placed ? "MARKET" : "0",
            WireFormat.Fixed(order.TriggerPrice, s.PricePrecision),
            WireFormat.Fixed(0m, s.PricePrecision),
            SelfTradePreventionMode: "EXPIRE_MAKER",
            order.WorkingType.ToWireName(),
            PriceMatch: "NONE",
            order.ClosePosition,
            order.PriceProtect,
            order.ReduceOnly,
            order.TriggerTime is { } at ? WireFormat.Millis(at) : 0,
            GoodTillDate: 0,
            order.RejectReason));
    }

    private static ApiError? ParseFlag(RequestParameters parameters, string name, out bool? value)
    {
        (value, var ok) = parameters.Get(name) switch
        {
            null => ((bool?)null, true),
            "true" => (true, true),
            "false" => (false, true),
            _ => (null, false),
        };
        return ok ? null : ApiError.InvalidParameter(name);
    }
}
