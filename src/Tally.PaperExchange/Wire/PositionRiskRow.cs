namespace Tally.PaperExchange.Wire;

/// <summary>One GET /fapi/v2/positionRisk row (binance-wire.md §5.2). Note the capital R in unRealizedProfit.</summary>
public sealed record PositionRiskRow(
    string Symbol,
    string PositionSide,
    string PositionAmt,
    string EntryPrice,
    string BreakEvenPrice,
    string MarkPrice,
    string UnRealizedProfit,
    string LiquidationPrice,
    string Leverage,
    string MaxNotionalValue,
    string MarginType,
    string IsolatedMargin,
    string IsAutoAddMargin,
    string Notional,
    string IsolatedWallet,
    long UpdateTime);
