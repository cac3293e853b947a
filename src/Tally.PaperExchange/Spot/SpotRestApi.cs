using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tally.Core;
using Tally.PaperExchange.Http;
using Tally.PaperExchange.Spot.Wire;
using Tally.PaperExchange.Wire;

namespace Tally.PaperExchange.Spot;

/// <summary>
/// The spot REST API under <c>/api/v3</c> (binance-wire.md §6), behind its own <see cref="RequestGate"/> (spot
/// weights count apart from fapi's, as on Binance's separate hosts). Weights: ping, time 1; exchangeInfo 20;
/// ticker/price 2 (one symbol) or 4; account 20; POST order 1 (plus the order counters); GET order 4;
/// DELETE order 1; openOrders 6 (one symbol) or 80; myTrades 20, or 5 with orderId.
/// </summary>
public static class SpotRestApi
{
    public const int DefaultTradeLimit = 500;

    // Parameters of order features the paper exchange does not simulate: refused rather than ignored.
    private static readonly string[] Unsupported = ["stopPrice", "trailingDelta", "icebergQty", "strategyId", "strategyType", "pegPriceType", "pegOffsetValue", "pegOffsetType"];

    public static IEndpointRouteBuilder MapSpotRestApi(this IEndpointRouteBuilder app, SpotVenue venue, RequestGate gate, SpotOrderCounter orders, FaultInjector faults)
    {
        var group = app.MapGroup("/api/v3");

        group.MapGet("/ping", async (HttpContext http, CancellationToken ct) =>
        {
            var entry = await gate.EnterAsync(http, EndpointSecurity.None, weight: 1, ct);
            return entry.Rejection ?? Results.Json(new EmptyResponse(), SpotJsonContext.Default.EmptyResponse);
        });

        group.MapGet("/time", async (HttpContext http, CancellationToken ct) =>
        {
            var entry = await gate.EnterAsync(http, EndpointSecurity.None, weight: 1, ct);
            return entry.Rejection ?? Results.Json(new ServerTimeResponse(WireFormat.Millis(venue.Time.GetUtcNow())), SpotJsonContext.Default.ServerTimeResponse);
        });

        group.MapGet("/exchangeInfo", async (HttpContext http, CancellationToken ct) =>
        {
            var entry = await gate.EnterAsync(http, EndpointSecurity.None, weight: 20, ct);
            return entry.Rejection ?? Results.Json(ExchangeInfo(venue), SpotJsonContext.Default.SpotExchangeInfoResponse);
        });

        group.MapGet("/ticker/price", async (HttpContext http, CancellationToken ct) =>
        {
            var one = !string.IsNullOrEmpty(http.Request.Query["symbol"].ToString());
            var entry = await gate.EnterAsync(http, EndpointSecurity.None, weight: one ? 2 : 4, ct);
            if (entry.Rejection is not null)
            {
                return entry.Rejection;
            }

            if (entry.Parameters.Get("symbol") is { } symbol)
            {
                return venue.TryGetSymbol(symbol, out _)
                    ? Results.Json(new SpotPriceTicker(symbol, SpotWireMapping.Dec(venue.LastPrice(symbol))), SpotJsonContext.Default.SpotPriceTicker)
                    : ApiResults.Error(ApiError.InvalidSymbol);
            }

            var all = venue.Symbols.Select(s => new SpotPriceTicker(s.Symbol, SpotWireMapping.Dec(venue.LastPrice(s.Symbol)))).ToList();
            return Results.Json(all, SpotJsonContext.Default.ListSpotPriceTicker);
        });

        group.MapGet("/account", async (HttpContext http, CancellationToken ct) =>
        {
            var entry = await gate.EnterAsync(http, EndpointSecurity.Signed, weight: 20, ct);
            if (entry.Rejection is not null)
            {
                return entry.Rejection;
            }

            var omitZero = entry.Parameters.Get("omitZeroBalances") switch
            {
                null or "false" => false,
                "true" => true,
                _ => (bool?)null,
            };
            return omitZero is { } omit
                ? Results.Json(Account(venue, omit), SpotJsonContext.Default.SpotAccountResponse)
                : ApiResults.Error(ApiError.InvalidParameter("omitZeroBalances"));
        });

        group.MapPost("/order", async (HttpContext http, CancellationToken ct) =>
        {
            var entry = await gate.EnterAsync(http, EndpointSecurity.Signed, weight: 1, ct);
            if (entry.Rejection is not null)
            {
                return entry.Rejection;
            }

            var (tenSeconds, day) = orders.Count(venue.Time.GetUtcNow(), out var countError);
            http.Response.Headers["X-MBX-ORDER-COUNT-10S"] = tenSeconds.ToString(CultureInfo.InvariantCulture);
            http.Response.Headers["X-MBX-ORDER-COUNT-1D"] = day.ToString(CultureInfo.InvariantCulture);
            if (countError is not null)
            {
                return ApiResults.Error(countError);
            }

            var error = TryParseOrder(entry.Parameters, out var request, out var respType);
            if (error is not null)
            {
                return ApiResults.Error(error);
            }

            error = venue.TryPlace(request, out var accepted, out var final);
            if (error is not null)
            {
                return ApiResults.Error(error);
            }

            if (faults.AfterExecution() is { } fault)
            {
                // The order stands; only the answer is lost. The client must look it up by newClientOrderId.
                return ApiResults.Error(FaultInjector.ErrorFor(fault));
            }

            var body = respType switch
            {
                "ACK" => SpotWireMapping.Ack(accepted),
                "RESULT" => SpotWireMapping.Result(final, full: false),
                _ => SpotWireMapping.Result(final, full: true),
            };
            return Results.Json(body, SpotJsonContext.Default.SpotOrderResponse);
        });

        group.MapGet("/order", async (HttpContext http, CancellationToken ct) =>
        {
            var entry = await gate.EnterAsync(http, EndpointSecurity.Signed, weight: 4, ct);
            if (entry.Rejection is not null)
            {
                return entry.Rejection;
            }

            var error = TryParseOrderReference(entry.Parameters, out var symbol, out var orderId, out var clientOrderId);
            if (error is not null)
            {
                return ApiResults.Error(error);
            }

            error = venue.TryGetOrder(symbol, orderId, clientOrderId, out var order);
            return error is null ? Results.Json(SpotWireMapping.Query(order), SpotJsonContext.Default.SpotOrderResponse) : ApiResults.Error(error);
        });

        group.MapDelete("/order", async (HttpContext http, CancellationToken ct) =>
        {
            var entry = await gate.EnterAsync(http, EndpointSecurity.Signed, weight: 1, ct);
            if (entry.Rejection is not null)
            {
                return entry.Rejection;
            }

            var error = TryParseOrderReference(entry.Parameters, out var symbol, out var orderId, out var clientOrderId);
            if (error is not null)
            {
                return ApiResults.Error(error);
            }

            error = venue.TryCancel(symbol, orderId, clientOrderId, out var canceled);
            return error is null ? Results.Json(SpotWireMapping.Canceled(canceled), SpotJsonContext.Default.SpotOrderResponse) : ApiResults.Error(error);
        });

        group.MapGet("/openOrders", async (HttpContext http, CancellationToken ct) =>
        {
            var one = !string.IsNullOrEmpty(http.Request.Query["symbol"].ToString());
            var entry = await gate.EnterAsync(http, EndpointSecurity.Signed, weight: one ? 6 : 80, ct);
            if (entry.Rejection is not null)
            {
                return entry.Rejection;
            }

            var wanted = entry.Parameters.Get("symbol");
            if (wanted is not null && !venue.TryGetSymbol(wanted, out _))
            {
                return ApiResults.Error(ApiError.InvalidSymbol);
            }

            return Results.Json(venue.OpenOrders(wanted).Select(SpotWireMapping.Query).ToList(), SpotJsonContext.Default.ListSpotOrderResponse);
        });

        group.MapGet("/myTrades", async (HttpContext http, CancellationToken ct) =>
        {
            var byOrder = !string.IsNullOrEmpty(http.Request.Query["orderId"].ToString());
            var entry = await gate.EnterAsync(http, EndpointSecurity.Signed, weight: byOrder ? 5 : 20, ct);
            if (entry.Rejection is not null)
            {
                return entry.Rejection;
            }

            var error = TryParseTradeQuery(entry.Parameters, out var query);
            if (error is not null)
            {
                return ApiResults.Error(error);
            }

            error = venue.TryGetTrades(query, out var trades);
            return error is null ? Results.Json(trades.Select(SpotWireMapping.Row).ToList(), SpotJsonContext.Default.ListSpotTradeRow) : ApiResults.Error(error);
        });

        return app;
    }

    /// <summary>Turns wire parameters into a <see cref="SpotOrderRequest"/>; <paramref name="respType"/> is ACK, RESULT or FULL (the default).</summary>
    public static ApiError? TryParseOrder(RequestParameters parameters, out SpotOrderRequest request, out string respType)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        request = null!;
        respType = "FULL";
        if (CommonParameters.TryParseSymbolAndSide(parameters, out var symbol, out var side) is { } symbolOrSideError)
        {
            return symbolOrSideError;
        }

        SpotOrderType type;
        switch (parameters.Get("type"))
        {
            case null:
                return ApiError.MandatoryParameter("type");
            case "MARKET":
                type = SpotOrderType.Market;
                break;
            case "LIMIT":
                type = SpotOrderType.Limit;
                break;
            case "LIMIT_MAKER":
                type = SpotOrderType.LimitMaker;
                break;
            default:
                return ApiError.InvalidOrderType;
        }

        if (CommonParameters.RejectUnsupported(parameters, Unsupported) is { } unsupported)
        {
            return unsupported;
        }

        var quantity = parameters.GetDecimal("quantity", out var error);
        if (error is not null)
        {
            return error;
        }

        var quoteQuantity = parameters.GetDecimal("quoteOrderQty", out error);
        if (error is not null)
        {
            return error;
        }

        var price = parameters.GetDecimal("price", out error);
        if (error is not null)
        {
            return error;
        }

        TimeInForce? tif = null;
        var tifText = parameters.Get("timeInForce");
        switch (type)
        {
            case SpotOrderType.Limit:
                tif = tifText switch
                {
                    "GTC" => TimeInForce.Gtc,
                    "IOC" => TimeInForce.Ioc,
                    "FOK" => TimeInForce.Fok,
                    _ => null,
                };
                if (tif is null)
                {
                    return tifText is null ? ApiError.MandatoryParameter("timeInForce") : ApiError.InvalidTimeInForce;
                }

                break;
            case SpotOrderType.Market or SpotOrderType.LimitMaker:
                if (tifText is not null)
                {
                    return ApiError.NotRequired("timeInForce");
                }

                if (type == SpotOrderType.Market && price is not null)
                {
                    return ApiError.NotRequired("price");
                }

                break;
        }

        switch (parameters.Get("newOrderRespType"))
        {
            case null:
                break;
            case "ACK" or "RESULT" or "FULL":
                respType = parameters.Get("newOrderRespType")!;
                break;
            default:
                return ApiError.InvalidParameter("newOrderRespType");
        }

        request = new SpotOrderRequest(symbol, side, type, quantity, quoteQuantity, price, tif, parameters.Get("newClientOrderId"));
        return null;
    }

    /// <summary>symbol plus orderId or origClientOrderId, as query and cancel take them.</summary>
    public static ApiError? TryParseOrderReference(RequestParameters parameters, out string symbol, out long? orderId, out string? clientOrderId) =>
        CommonParameters.TryParseOrderReference(parameters, out symbol, out orderId, out clientOrderId);

    public static ApiError? TryParseTradeQuery(RequestParameters parameters, out SpotTradeQuery query)
    {
        var error = CommonParameters.TryParseTradeQuery(parameters, DefaultTradeLimit, out var parsed);
        query = error is null ? new SpotTradeQuery(parsed.Symbol, parsed.OrderId, parsed.FromId, parsed.StartTime, parsed.EndTime, parsed.Limit) : null!;
        return error;
    }

    private static SpotExchangeInfoResponse ExchangeInfo(SpotVenue venue)
    {
        var options = venue.Options;
        RateLimitInfo[] limits =
        [
            new("REQUEST_WEIGHT", "MINUTE", 1, options.RequestWeightPerMinute),
            new("ORDERS", "SECOND", 10, options.OrdersPer10Seconds),
            new("ORDERS", "DAY", 1, options.OrdersPerDay),
            new("RAW_REQUESTS", "MINUTE", 5, 61000),
        ];
        var symbols = venue.Symbols.Select(s => new SpotSymbolInfo(
            s.Symbol,
            "TRADING",
            s.BaseAsset,
            8,
            s.QuoteAsset,
            8,
            8,
            8,
            8,
            ["LIMIT", "LIMIT_MAKER", "MARKET"],
            IcebergAllowed: false,
            OcoAllowed: false,
            QuoteOrderQtyMarketAllowed: true,
            AllowTrailingStop: false,
            CancelReplaceAllowed: false,
            IsSpotTradingAllowed: true,
            IsMarginTradingAllowed: false,
            [
                new SpotSymbolFilter("PRICE_FILTER") { MinPrice = SpotWireMapping.Dec(s.TickSize), MaxPrice = SpotWireMapping.Dec(1_000_000m), TickSize = SpotWireMapping.Dec(s.TickSize) },
                new SpotSymbolFilter("LOT_SIZE") { MinQty = SpotWireMapping.Dec(s.StepSize), MaxQty = SpotWireMapping.Dec(s.MaxQuantity), StepSize = SpotWireMapping.Dec(s.StepSize) },
                new SpotSymbolFilter("NOTIONAL") { MinNotional = SpotWireMapping.Dec(s.MinNotional), ApplyMinToMarket = true, MaxNotional = SpotWireMapping.Dec(9_000_000m), ApplyMaxToMarket = false, AvgPriceMins = 5 },
            ],
            [],
            "EXPIRE_MAKER",
            ["NONE", "EXPIRE_TAKER", "EXPIRE_MAKER", "EXPIRE_BOTH"])).ToList();
        return new SpotExchangeInfoResponse("UTC", WireFormat.Millis(venue.Time.GetUtcNow()), limits, [], symbols);
    }

    private static SpotAccountResponse Account(SpotVenue venue, bool omitZero)
    {
        var options = venue.Options;
        var balances = venue.Balances()
            .Where(b => !omitZero || b.Free != 0 || b.Locked != 0)
            .Select(b => new SpotBalanceRow(b.Asset, SpotWireMapping.Dec(b.Free), SpotWireMapping.Dec(b.Locked)))
            .ToList();

        // Binance writes the rates twice: in basis points (0.001 → 10) and as fractions.
        var makerBps = (int)(options.MakerFeeRate * 10_000m);
        var takerBps = (int)(options.TakerFeeRate * 10_000m);
        return new SpotAccountResponse(
            makerBps,
            takerBps,
            0,
            0,
            new SpotCommissionRates(SpotWireMapping.Dec(options.MakerFeeRate), SpotWireMapping.Dec(options.TakerFeeRate), SpotWireMapping.Dec(0m), SpotWireMapping.Dec(0m)),
            CanTrade: true,
            CanWithdraw: false,
            CanDeposit: false,
            Brokered: false,
            RequireSelfTradePrevention: false,
            PreventSor: false,
            WireFormat.Millis(venue.Time.GetUtcNow()),
            "SPOT",
            balances,
            ["SPOT"],
            Uid: 354_937_868);
    }
}
