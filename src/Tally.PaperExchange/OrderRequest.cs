using Tally.Core;

namespace Tally.PaperExchange;

/// <summary>A new-order request after its wire parameters were parsed; business rules are checked by the venue.</summary>
/// <param name="PositionSide">Null when the request did not send one (one-way mode then means BOTH).</param>
/// <param name="ReduceOnly">Null when the request did not send reduceOnly.</param>
/// <param name="Price">LIMIT only.</param>
/// <param name="TimeInForce">LIMIT only.</param>
public sealed record OrderRequest(
    string Symbol,
    Side Side,
    OrderType Type,
    PositionSide? PositionSide,
    decimal Quantity,
    decimal? Price,
    TimeInForce? TimeInForce,
    bool? ReduceOnly,
    string? ClientOrderId);
