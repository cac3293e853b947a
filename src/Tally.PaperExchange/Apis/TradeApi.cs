using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Tally.Core;
using Tally.PaperExchange.Http;
using Tally.PaperExchange.Wire;

namespace Tally.PaperExchange.Apis;

/// <summary>GET /fapi/v1/userTrades (USER_DATA, signed, weight 5).</summary>
public static class TradeApi
{
    public const int DefaultLimit = 500;

    public static IEndpointRouteBuilder MapTradeApi(this IEndpointRouteBuilder app, PaperVenue venue, RequestGate gate)
    {
        app.MapGet("/fapi/v1/userTrades", async (HttpContext http, CancellationToken ct) =>
        {
            var entry = await gate.EnterAsync(http, EndpointSecurity.Signed, weight: 5, ct);
            if (entry.Rejection is not null)
            {
                return entry.Rejection;
            }

            var error = TryParse(entry.Parameters, out var query);
            if (error is not null)
            {
                return ApiResults.Error(error);
            }

            error = venue.TryGetTrades(query, out var trades);
            if (error is not null)
            {
                return ApiResults.Error(error);
            }

            return Results.Json(trades.Select(ToRow).ToList(), PaperJsonContext.Default.ListUserTradeRow);
        });

        return app;
    }

    public static ApiError? TryParse(RequestParameters parameters, out TradeQuery query) =>
        CommonParameters.TryParseTradeQuery(parameters, DefaultLimit, out query);

    public static UserTradeRow ToRow(PaperTrade trade)
    {
        ArgumentNullException.ThrowIfNull(trade);
        var s = trade.Symbol;
        return new UserTradeRow(
            s.Symbol,
            trade.Id,
            trade.OrderId,
            trade.Side.ToWireName(),
            WireFormat.Plain(trade.Price),
            WireFormat.Plain(trade.Quantity),
            WireFormat.Amount(trade.RealizedPnl),
            s.QuoteAsset,
            WireFormat.Plain(trade.Price * trade.Quantity),
            WireFormat.Amount(trade.Commission),
            s.QuoteAsset,
            WireFormat.Millis(trade.Time),
            trade.PositionSide.ToWireName(),
            Buyer: trade.Side == Side.Buy,
            trade.Maker);
    }
}
