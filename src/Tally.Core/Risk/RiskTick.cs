namespace Tally.Core.Risk;

/// <summary>
/// One price the risk monitor sees: a trade (or a mark) of <paramref name="Symbol"/> at <paramref name="At"/>. The
/// quantity and taker side feed the dump detector's volume signals; a tick without them moves the price only.
/// </summary>
public readonly record struct RiskTick(DateTimeOffset At, string Symbol, decimal Price, decimal? Quantity = null, Side? TakerSide = null);
