namespace Tally.PaperExchange.Spot.Wire;

/// <summary>One GET /api/v3/ticker/price entry.</summary>
public sealed record SpotPriceTicker(string Symbol, string Price);
