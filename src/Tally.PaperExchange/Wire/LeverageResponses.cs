namespace Tally.PaperExchange.Wire;

/// <summary>One GET /fapi/v1/leverageBracket entry: a symbol and its tiers. Every bracket field is a JSON number.</summary>
public sealed record LeverageBracketRow(string Symbol, IReadOnlyList<LeverageBracketTier> Brackets);

/// <summary>One tier, field names as Binance writes them.</summary>
public sealed record LeverageBracketTier(int Bracket, int InitialLeverage, decimal NotionalCap, decimal NotionalFloor, decimal MaintMarginRatio, decimal Cum);

/// <summary>POST /fapi/v1/leverage: <c>leverage</c> a number, <c>maxNotionalValue</c> a string.</summary>
public sealed record LeverageResponse(int Leverage, string MaxNotionalValue, string Symbol);
