using Tally.Core;

namespace Tally.PaperExchange.Spot;

/// <summary>A spot new-order request after its wire parameters were parsed; the venue checks the business rules.</summary>
/// <param name="Quantity">Base quantity; null only for a MARKET order given by <paramref name="QuoteOrderQuantity"/>.</param>
/// <param name="QuoteOrderQuantity">MARKET only: spend (buy) or receive (sell) this much quote instead.</param>
/// <param name="TimeInForce">LIMIT only (GTC, IOC, FOK).</param>
public sealed record SpotOrderRequest(
    string Symbol,
    Side Side,
    SpotOrderType Type,
    decimal? Quantity,
    decimal? QuoteOrderQuantity,
    decimal? Price,
    TimeInForce? TimeInForce,
    string? ClientOrderId);
