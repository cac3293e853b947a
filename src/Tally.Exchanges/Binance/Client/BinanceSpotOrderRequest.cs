using Tally.Core;

namespace Tally.Exchanges.Binance.Client;

/// <summary>
/// A spot order for <c>POST /api/v3/order</c>. <see cref="ClientOrderId"/> is the idempotency key: after an
/// answer is lost the client finds the order by it instead of placing it twice.
/// </summary>
/// <param name="Quantity">Base quantity, already rounded to the step size; null only for a MARKET order by <paramref name="QuoteOrderQuantity"/>.</param>
/// <param name="ClientOrderId"><c>^[a-zA-Z0-9-_]{1,36}$</c>.</param>
/// <param name="QuoteOrderQuantity">MARKET only: spend (buy) or receive (sell) this much quote instead of a base quantity.</param>
/// <param name="Price">LIMIT and LIMIT_MAKER only, already rounded to the tick size.</param>
/// <param name="TimeInForce">LIMIT only: GTC, IOC or FOK; GTC when null.</param>
public sealed record BinanceSpotOrderRequest(
    string Symbol,
    Side Side,
    BinanceSpotOrderType Type,
    decimal? Quantity,
    string ClientOrderId,
    decimal? QuoteOrderQuantity = null,
    decimal? Price = null,
    string? TimeInForce = null);
