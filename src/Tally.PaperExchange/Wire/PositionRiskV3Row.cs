namespace Tally.PaperExchange.Wire;

/// <summary>One GET /fapi/v3/positionRisk row (binance-wire.md §5.2): open positions only, margin fields added.</summary>
public sealed record PositionRiskV3Row(
    string Symbol,
    string PositionSide,
    string PositionAmt,
    string EntryPrice,
    string BreakEvenPrice,
    string MarkPrice,
    string UnRealizedProfit,
    string LiquidationPrice,
    string IsolatedMargin,
    string Notional,
    string MarginAsset,
    string IsolatedWallet,
    string InitialMargin,
    string MaintMargin,
    string PositionInitialMargin,
    string OpenOrderInitialMargin,
    int Adl,
    string BidNotional,
    string AskNotional,
    long UpdateTime);
