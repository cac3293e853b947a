using Tally.Core;

namespace Tally.PaperExchange.Http;

/// <summary>
/// Parameters that the futures order, algo-order, trade and spot endpoints read alike, so that one wording of each
/// Binance error stands in one place.
/// </summary>
internal static class CommonParameters
{
    /// <summary>symbol then side (BUY or SELL), both mandatory, checked in that order as Binance does.</summary>
    public static ApiError? TryParseSymbolAndSide(RequestParameters parameters, out string symbol, out Side side)
    {
        side = default;
        symbol = parameters.Get("symbol") ?? string.Empty;
        if (symbol.Length == 0)
        {
            return ApiError.MandatoryParameter("symbol");
        }

        switch (parameters.Get("side"))
        {
            case null:
                return ApiError.MandatoryParameter("side");
            case "BUY":
                side = Side.Buy;
                return null;
            case "SELL":
                side = Side.Sell;
                return null;
            default:
                return ApiError.InvalidSide;
        }
    }

    /// <summary>The first of <paramref name="names"/> that was sent: features an endpoint refuses rather than silently ignores.</summary>
    public static ApiError? RejectUnsupported(RequestParameters parameters, IEnumerable<string> names)
    {
        foreach (var name in names)
        {
            if (parameters.Get(name) is not null)
            {
                return ApiError.InvalidParameter(name);
            }
        }

        return null;
    }

    /// <summary>positionSide: optional BOTH, LONG or SHORT.</summary>
    public static ApiError? TryParsePositionSide(RequestParameters parameters, out PositionSide? positionSide)
    {
        positionSide = null;
        if (parameters.Get("positionSide") is not { } text)
        {
            return null;
        }

        if (text is not ("BOTH" or "LONG" or "SHORT") || !WireNames.TryParsePositionSide(text, out var parsed))
        {
            return ApiError.InvalidParameter("positionSide");
        }

        positionSide = parsed;
        return null;
    }

    /// <summary>symbol plus orderId or origClientOrderId, as query and cancel take them.</summary>
    public static ApiError? TryParseOrderReference(RequestParameters parameters, out string symbol, out long? orderId, out string? clientOrderId)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        symbol = parameters.Get("symbol") ?? string.Empty;
        clientOrderId = parameters.Get("origClientOrderId");
        orderId = parameters.GetLong("orderId", out var error);
        if (symbol.Length == 0)
        {
            return ApiError.MandatoryParameter("symbol");
        }

        if (error is not null)
        {
            return error;
        }

        return orderId is null && clientOrderId is null
            ? new ApiError(400, -1102, "Param 'origClientOrderId' or 'orderId' must be sent, but both were empty/null!")
            : null;
    }

    /// <summary>
    /// A user-trade listing's parameters (fapi userTrades and spot myTrades take the same ones): symbol, orderId,
    /// fromId, startTime, endTime and limit (1…1000).
    /// </summary>
    public static ApiError? TryParseTradeQuery(RequestParameters parameters, int defaultLimit, out TradeQuery query)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        query = null!;
        if (parameters.Get("symbol") is not { } symbol)
        {
            return ApiError.MandatoryParameter("symbol");
        }

        var orderId = parameters.GetLong("orderId", out var error);
        var fromId = error is null ? parameters.GetLong("fromId", out error) : null;
        var start = error is null ? parameters.GetLong("startTime", out error) : null;
        var end = error is null ? parameters.GetLong("endTime", out error) : null;
        if (error is not null)
        {
            return error;
        }

        var limit = parameters.GetLong("limit", out error) ?? defaultLimit;
        if (error is not null || limit is < 1 or > 1000)
        {
            // Ours: an out-of-range limit is refused rather than clamped, so a client bug shows.
            return ApiError.InvalidParameter("limit");
        }

        query = new TradeQuery(
            symbol,
            orderId,
            fromId,
            start is { } s ? DateTimeOffset.FromUnixTimeMilliseconds(s) : null,
            end is { } e ? DateTimeOffset.FromUnixTimeMilliseconds(e) : null,
            (int)limit);
        return null;
    }
}
