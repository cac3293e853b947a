using Tally.Core;

namespace Tally.PaperExchange.Spot;

/// <summary>The state of one spot order at a moment. Immutable: the venue replaces it when the order changes.</summary>
/// <param name="Price">The limit price; 0 for MARKET, as Binance reports it.</param>
/// <param name="OriginalQuantity">Base quantity asked for (for a quoteOrderQty MARKET order: what that bought or sold).</param>
/// <param name="QuoteOrderQuantity">quoteOrderQty as sent; 0 when not used.</param>
/// <param name="CumulativeQuote">Σ price × quantity of the order's fills (Binance's cummulativeQuoteQty).</param>
/// <param name="Fills">This order's trades, oldest first.</param>
public sealed record SpotOrder(
    long OrderId,
    PaperSymbol Symbol,
    string ClientOrderId,
    Side Side,
    SpotOrderType Type,
    TimeInForce TimeInForce,
    decimal Price,
    decimal OriginalQuantity,
    decimal QuoteOrderQuantity,
    decimal ExecutedQuantity,
    decimal CumulativeQuote,
    OrderStatus Status,
    DateTimeOffset Time,
    DateTimeOffset UpdateTime,
    IReadOnlyList<SpotTrade> Fills) : IVenueOrder
{
    public bool IsOpen => Status == OrderStatus.New;
}
