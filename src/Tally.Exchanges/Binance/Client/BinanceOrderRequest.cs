using Tally.Core;

namespace Tally.Exchanges.Binance.Client;

/// <summary>
/// A USD-M order for <c>POST /fapi/v1/order</c>. <see cref="ClientOrderId"/> is the idempotency key: after an
/// answer is lost the client finds the order by it instead of placing it twice.
/// </summary>
/// <param name="Quantity">Already rounded to the symbol's step size; sent as plain decimal text.</param>
/// <param name="Price">LIMIT only, already rounded to the tick size.</param>
/// <param name="TimeInForce">LIMIT only: GTC, IOC, FOK or GTX; GTC when null.</param>
/// <param name="PositionSide">Null sends none (one-way mode); LONG/SHORT are mandatory in hedge mode.</param>
/// <param name="ReduceOnly">One-way mode only; null sends none.</param>
/// <param name="ClientOrderId"><c>^[.A-Z:/a-z0-9_-]{1,36}$</c>.</param>
public sealed record BinanceOrderRequest(
    string Symbol,
    Side Side,
    BinanceOrderType Type,
    decimal Quantity,
    string ClientOrderId,
    decimal? Price = null,
    string? TimeInForce = null,
    PositionSide? PositionSide = null,
    bool? ReduceOnly = null);
