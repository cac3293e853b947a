using Tally.Core;

namespace Tally.PaperExchange.Algo;

/// <summary>A new conditional order after its wire parameters were parsed; the venue checks the business rules.</summary>
/// <param name="Quantity">Null with <paramref name="ClosePosition"/>: the order then closes whatever the side holds when it triggers.</param>
/// <param name="TriggerPrice">STOP_MARKET and TAKE_PROFIT_MARKET only.</param>
/// <param name="ActivatePrice">TRAILING_STOP_MARKET only; null = active from placement.</param>
/// <param name="CallbackRate">TRAILING_STOP_MARKET only, in percent (1 = 1 %), 0.1 to 10.</param>
public sealed record AlgoOrderRequest(
    string Symbol,
    Side Side,
    AlgoOrderType Type,
    PositionSide? PositionSide,
    decimal? Quantity,
    bool ClosePosition,
    bool? ReduceOnly,
    decimal? TriggerPrice,
    decimal? ActivatePrice,
    decimal? CallbackRate,
    WorkingType WorkingType,
    bool PriceProtect,
    string TimeInForce,
    string? ClientAlgoId);
