namespace Tally.Core.Risk;

/// <summary>One trade of the market stream (<c>aggTrade</c>): when, at what price, how much, and the taker's side.</summary>
public readonly record struct Trade(DateTimeOffset Timestamp, decimal Price, decimal Quantity, Side TakerSide);
