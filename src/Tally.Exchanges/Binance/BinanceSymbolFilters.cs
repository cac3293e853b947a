namespace Tally.Exchanges.Binance;

/// <summary>
/// One USD-M symbol's trading filters from <c>GET /fapi/v1/exchangeInfo</c>: PRICE_FILTER tickSize, LOT_SIZE
/// stepSize/minQty/maxQty, MIN_NOTIONAL notional. A filter the venue does not publish is null (no limit).
/// </summary>
/// <param name="MinNotional">Price × quantity an order that is not reduce-only must reach.</param>
public sealed record BinanceSymbolFilters(
    string Symbol,
    string? Status,
    string? QuoteAsset,
    string? MarginAsset,
    decimal? TickSize,
    decimal? StepSize,
    decimal? MinQuantity,
    decimal? MaxQuantity,
    decimal? MinNotional)
{
    /// <summary>Rounds a quantity down to a whole number of steps (unchanged without a step size).</summary>
    public decimal RoundQuantityDown(decimal quantity) =>
        StepSize is { } step && step > 0m ? decimal.Floor(quantity / step) * step : quantity;

    /// <summary>Rounds a price to the nearest tick (unchanged without a tick size).</summary>
    public decimal RoundPrice(decimal price) =>
        TickSize is { } tick && tick > 0m ? decimal.Round(price / tick, MidpointRounding.AwayFromZero) * tick : price;

    internal static BinanceSymbolFilters Read(BinanceJsonObject s)
    {
        decimal? tick = null, step = null, minQty = null, maxQty = null, minNotional = null;
        foreach (var filter in s.Objects("filters"))
        {
            switch (filter.OptionalString("filterType"))
            {
                case "PRICE_FILTER":
                    tick = filter.OptionalDecimal("tickSize");
                    break;
                case "LOT_SIZE":
                    step = filter.OptionalDecimal("stepSize");
                    minQty = filter.OptionalDecimal("minQty");
                    maxQty = filter.OptionalDecimal("maxQty");
                    break;
                case "MIN_NOTIONAL":
                case "NOTIONAL":
                    // USD-M writes "notional"; spot's MIN_NOTIONAL and NOTIONAL write "minNotional".
                    minNotional = filter.OptionalDecimal("notional") ?? filter.OptionalDecimal("minNotional");
                    break;
                default:
                    break;
            }
        }

        return new BinanceSymbolFilters(
            s.String("symbol"),
            s.OptionalString("status"),
            s.OptionalString("quoteAsset"),
            s.OptionalString("marginAsset"),
            tick,
            step,
            minQty,
            maxQty,
            minNotional);
    }
}
