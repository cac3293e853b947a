using Tally.Core;

namespace Tally.PaperExchange;

/// <summary>The state of one order at a moment. Immutable: the venue replaces it when the order changes.</summary>
/// <param name="Price">The limit price; 0 for a MARKET order, as Binance reports it.</param>
/// <param name="CumulativeQuote">Σ price × quantity of the order's fills.</param>
public sealed record PaperOrder(
    long OrderId,
    PaperSymbol Symbol,
    string ClientOrderId,
    Side Side,
    PositionSide PositionSide,
    OrderType Type,
    TimeInForce TimeInForce,
    bool ReduceOnly,
    decimal Price,
    decimal OriginalQuantity,
    decimal ExecutedQuantity,
    decimal CumulativeQuote,
    OrderStatus Status,
    DateTimeOffset UpdateTime) : IVenueOrder
{
    /// <summary>Average fill price, 0 before the first fill.</summary>
    public decimal AveragePrice => ExecutedQuantity == 0 ? 0m : CumulativeQuote / ExecutedQuantity;
}
