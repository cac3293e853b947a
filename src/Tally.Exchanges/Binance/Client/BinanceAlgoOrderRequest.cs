using Tally.Core;

namespace Tally.Exchanges.Binance.Client;

/// <summary>
/// A USD-M conditional order for <c>POST /fapi/v1/algoOrder</c> (algoType CONDITIONAL). <see cref="ClientAlgoId"/>
/// is the idempotency key, and the client order id of the order the venue places when it triggers.
/// </summary>
/// <param name="Quantity">Already rounded to the symbol's step size.</param>
/// <param name="TriggerPrice">Already rounded to the tick size.</param>
/// <param name="PositionSide">Null sends none (one-way mode); LONG/SHORT are mandatory in hedge mode.</param>
/// <param name="ReduceOnly">One-way mode only; null sends none.</param>
/// <param name="ClientAlgoId"><c>^[.A-Z:/a-z0-9_-]{1,36}$</c>.</param>
public sealed record BinanceAlgoOrderRequest(
    string Symbol,
    Side Side,
    BinanceAlgoOrderType Type,
    decimal Quantity,
    decimal TriggerPrice,
    string ClientAlgoId,
    PositionSide? PositionSide = null,
    bool? ReduceOnly = null);
