using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Tally.Core;
using Tally.PaperExchange.Http;
using Tally.PaperExchange.Wire;

namespace Tally.PaperExchange.Apis;

/// <summary>POST /fapi/v1/order (TRADE, signed; IP weight 0, as on Binance): MARKET and LIMIT orders. GET queries one (weight 1), DELETE cancels a resting one (weight 1), GET openOrders lists them.</summary>
public static class OrderApi
{
    // Parameters of order features this slice does not simulate: refused rather than silently ignored.
    private static readonly string[] Unsupported = ["closePosition", "priceMatch", "stopPrice", "activationPrice", "callbackRate", "goodTillDate", "workingType"];

    public static IEndpointRouteBuilder MapOrderApi(this IEndpointRouteBuilder app, PaperVenue venue, RequestGate gate, OrderCounter orders, FaultInjector faults, ILogger logger)
    {
        app.MapPost("/fapi/v1/order", async (HttpContext http, CancellationToken ct) =>
        {
            var entry = await gate.EnterAsync(http, EndpointSecurity.Signed, weight: 0, ct);
            if (entry.Rejection is not null)
            {
                return entry.Rejection;
            }

            // Counted once the request is authenticated, before its own checks; headers as on Binance.
            var (tenSeconds, minute) = orders.Count(venue.Time.GetUtcNow(), out var countError);
            http.Response.Headers["X-MBX-ORDER-COUNT-10S"] = tenSeconds.ToString(CultureInfo.InvariantCulture);
            http.Response.Headers["X-MBX-ORDER-COUNT-1M"] = minute.ToString(CultureInfo.InvariantCulture);
            if (countError is not null)
            {
                return ApiResults.Error(countError);
            }

            var parseError = TryParse(entry.Parameters, out var request, out var wantResult);
            if (parseError is not null)
            {
                return ApiResults.Error(parseError);
            }

            var error = venue.TryPlace(request, out var accepted, out var final);
            if (error is not null)
            {
                return ApiResults.Error(error);
            }

            Log.OrderPlaced(logger, final.OrderId, request.Symbol, final.Side, final.OriginalQuantity, final.Status);
            if (faults.AfterExecution() is { } fault)
            {
                // The order stands; only the answer is lost. The client must look it up by newClientOrderId.
                return ApiResults.Error(FaultInjector.ErrorFor(fault));
            }

            return Results.Json(ToResponse(wantResult ? final : accepted), PaperJsonContext.Default.OrderResponse);
        });

        // GET and DELETE /fapi/v1/order: weight 1, then symbol plus orderId or origClientOrderId names the order.
        async Task<IResult> WithReference(HttpContext http, CancellationToken ct, Func<string, long?, string?, IResult> answer)
        {
            var entry = await gate.EnterAsync(http, EndpointSecurity.Signed, weight: 1, ct);
            if (entry.Rejection is not null)
            {
                return entry.Rejection;
            }

            var error = TryParseOrderReference(entry.Parameters, out var symbol, out var orderId, out var clientOrderId);
            return error is null ? answer(symbol, orderId, clientOrderId) : ApiResults.Error(error);
        }

        app.MapGet("/fapi/v1/order", (HttpContext http, CancellationToken ct) => WithReference(http, ct, (symbol, orderId, clientOrderId) =>
        {
            var error = venue.TryGetOrder(symbol, orderId, clientOrderId, out var order);
            return error is null
                ? Results.Json(ToResponse(order), PaperJsonContext.Default.OrderResponse)
                : ApiResults.Error(error);
        }));

        app.MapGet("/fapi/v1/openOrders", async (HttpContext http, CancellationToken ct) =>
        {
            // Weight 1 for one symbol, 40 for all, as on Binance.
            var symbol = http.Request.Query["symbol"].ToString();
            var entry = await gate.EnterAsync(http, EndpointSecurity.Signed, weight: string.IsNullOrEmpty(symbol) ? 40 : 1, ct);
            if (entry.Rejection is not null)
            {
                return entry.Rejection;
            }

            var wanted = entry.Parameters.Get("symbol");
            if (wanted is not null && !venue.TryGetSymbol(wanted, out _))
            {
                return ApiResults.Error(ApiError.InvalidSymbol);
            }

            return Results.Json(venue.OpenOrders(wanted).Select(ToResponse).ToList(), PaperJsonContext.Default.ListOrderResponse);
        });

        app.MapDelete("/fapi/v1/order", (HttpContext http, CancellationToken ct) => WithReference(http, ct, (symbol, orderId, clientOrderId) =>
        {
            var error = venue.TryCancel(symbol, orderId, clientOrderId, out var canceled);
            return error is null
                ? Results.Json(ToResponse(canceled), PaperJsonContext.Default.OrderResponse)
                : ApiResults.Error(error);
        }));

        return app;
    }

    /// <summary>symbol plus orderId or origClientOrderId, as query and cancel take them.</summary>
    public static ApiError? TryParseOrderReference(RequestParameters parameters, out string symbol, out long? orderId, out string? clientOrderId) =>
        CommonParameters.TryParseOrderReference(parameters, out symbol, out orderId, out clientOrderId);

    /// <summary>Turns wire parameters into an <see cref="OrderRequest"/>; the venue checks the business rules.</summary>
    public static ApiError? TryParse(RequestParameters parameters, out OrderRequest request, out bool wantResult)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        request = null!;
        wantResult = false;
        if (CommonParameters.TryParseSymbolAndSide(parameters, out var symbol, out var side) is { } symbolOrSideError)
        {
            return symbolOrSideError;
        }

        OrderType type;
        switch (parameters.Get("type"))
        {
            case null:
                return ApiError.MandatoryParameter("type");
            case "MARKET":
                type = OrderType.Market;
                break;
            case "LIMIT":
                type = OrderType.Limit;
                break;
            case "STOP" or "STOP_MARKET" or "TAKE_PROFIT" or "TAKE_PROFIT_MARKET" or "TRAILING_STOP_MARKET":
                return ApiError.UseAlgoOrder;
            default:
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

        var quantity = parameters.GetDecimal("quantity", out var error);
        if (error is not null)
        {
            return error;
        }

        if (quantity is null)
        {
            return ApiError.MandatoryParameter("quantity");
        }

        var price = parameters.GetDecimal("price", out error);
        if (error is not null)
        {
            return error;
        }

        TimeInForce? tif = null;
        if (type == OrderType.Limit)
        {
            if (price is null)
            {
                return ApiError.MandatoryParameter("price");
            }

            tif = parameters.Get("timeInForce") switch
            {
                "GTC" => TimeInForce.Gtc,
                "IOC" => TimeInForce.Ioc,
                "FOK" => TimeInForce.Fok,
                "GTX" => TimeInForce.Gtx,
                _ => null,
            };
            if (tif is null)
            {
                return parameters.Get("timeInForce") is null ? ApiError.MandatoryParameter("timeInForce") : ApiError.InvalidTimeInForce;
            }
        }
        else if (price is not null)
        {
            return ApiError.NotRequired("price");
        }

        bool? reduceOnly;
        switch (parameters.Get("reduceOnly"))
        {
            case null:
                reduceOnly = null;
                break;
            case "true":
                reduceOnly = true;
                break;
            case "false":
                reduceOnly = false;
                break;
            default:
                return ApiError.InvalidParameter("reduceOnly");
        }

        switch (parameters.Get("newOrderRespType"))
        {
            case null or "ACK":
                break;
            case "RESULT":
                wantResult = true;
                break;
            default:
                return ApiError.InvalidParameter("newOrderRespType");
        }

        request = new OrderRequest(symbol, side, type, positionSide, quantity.Value, price, tif, reduceOnly, parameters.Get("newClientOrderId"));
        return null;
    }

    public static OrderResponse ToResponse(PaperOrder order)
    {
        ArgumentNullException.ThrowIfNull(order);
        var s = order.Symbol;
        var type = order.Type switch
        {
            OrderType.Market => "MARKET",
            OrderType.Limit => "LIMIT",
            OrderType.Liquidation => "LIQUIDATION",
        };
        return new OrderResponse(
            order.OrderId,
            s.Symbol,
            OrderWireNames.Status(order.Status),
            order.ClientOrderId,
            WireFormat.Fixed(order.Price, s.PricePrecision),
            WireFormat.Fixed(order.AveragePrice, Math.Max(s.PricePrecision, 5)),
            WireFormat.Fixed(order.OriginalQuantity, s.QuantityPrecision),
            WireFormat.Fixed(order.ExecutedQuantity, s.QuantityPrecision),
            WireFormat.Fixed(order.ExecutedQuantity, s.QuantityPrecision),
            WireFormat.Fixed(order.CumulativeQuote, s.PricePrecision + s.QuantityPrecision),
            OrderWireNames.TimeInForce(order.TimeInForce),
            type,
            order.ReduceOnly,
            ClosePosition: false,
            order.Side.ToWireName(),
            order.PositionSide.ToWireName(),
            StopPrice: "0",
            WorkingType: "CONTRACT_PRICE",
            PriceProtect: false,
            type,
            PriceMatch: "NONE",
            SelfTradePreventionMode: "EXPIRE_MAKER",
            GoodTillDate: 0,
            WireFormat.Millis(order.UpdateTime));
    }
}
