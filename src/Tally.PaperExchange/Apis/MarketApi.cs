using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tally.PaperExchange.Http;
using Tally.PaperExchange.Wire;

namespace Tally.PaperExchange.Apis;

/// <summary>Public market endpoints: ping, server time, exchange info. No key needed; weight 1 each.</summary>
public static class MarketApi
{
    public static IEndpointRouteBuilder MapMarketApi(this IEndpointRouteBuilder app, PaperVenue venue, RequestGate gate, PaperExchangeOptions options)
    {
        var group = app.MapGroup("/fapi/v1");

        group.MapGet("/ping", async (HttpContext http, CancellationToken ct) =>
        {
            var entry = await gate.EnterAsync(http, EndpointSecurity.None, weight: 1, ct);
            return entry.Rejection ?? Results.Json(new EmptyResponse(), PaperJsonContext.Default.EmptyResponse);
        });

        group.MapGet("/time", async (HttpContext http, CancellationToken ct) =>
        {
            var entry = await gate.EnterAsync(http, EndpointSecurity.None, weight: 1, ct);
            return entry.Rejection ?? Results.Json(new ServerTimeResponse(WireFormat.Millis(gate.ServerNow())), PaperJsonContext.Default.ServerTimeResponse);
        });

        group.MapGet("/exchangeInfo", async (HttpContext http, CancellationToken ct) =>
        {
            var entry = await gate.EnterAsync(http, EndpointSecurity.None, weight: 1, ct);
            return entry.Rejection ?? Results.Json(ExchangeInfo(venue, options, gate.ServerNow()), PaperJsonContext.Default.ExchangeInfoResponse);
        });

        return app;
    }

    private static ExchangeInfoResponse ExchangeInfo(PaperVenue venue, PaperExchangeOptions options, DateTimeOffset serverNow)
    {
        RateLimitInfo[] limits =
        [
            new("REQUEST_WEIGHT", "MINUTE", 1, options.RequestWeightPerMinute),
            new("ORDERS", "MINUTE", 1, options.OrdersPerMinute),
            new("ORDERS", "SECOND", 10, options.OrdersPer10Seconds),
        ];
        var symbols = venue.Symbols.Select(s => new SymbolInfo(
            s.Symbol,
            s.Symbol,
            "PERPETUAL",
            "TRADING",
            s.BaseAsset,
            s.QuoteAsset,
            s.QuoteAsset,
            s.PricePrecision,
            s.QuantityPrecision,
            [
                new SymbolFilter("PRICE_FILTER") { MinPrice = WireFormat.Plain(s.TickSize), MaxPrice = "1000000", TickSize = WireFormat.Plain(s.TickSize) },
                new SymbolFilter("LOT_SIZE") { MinQty = WireFormat.Plain(s.StepSize), MaxQty = WireFormat.Plain(s.MaxQuantity), StepSize = WireFormat.Plain(s.StepSize) },
                new SymbolFilter("MIN_NOTIONAL") { Notional = WireFormat.Plain(s.MinNotional) },
            ],
            // The conditional types are placed through /fapi/v1/algoOrder, but Binance still lists them here.
            ["LIMIT", "MARKET", "STOP_MARKET", "TAKE_PROFIT_MARKET", "TRAILING_STOP_MARKET"],
            ["GTC", "IOC", "FOK", "GTX"])).ToList();
        return new ExchangeInfoResponse("UTC", WireFormat.Millis(serverNow), limits, symbols);
    }
}
