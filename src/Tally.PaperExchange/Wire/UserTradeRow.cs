namespace Tally.PaperExchange.Wire;

/// <summary>One GET /fapi/v1/userTrades row (binance-wire.md §5.1).</summary>
public sealed record UserTradeRow(
    string Symbol,
    long Id,
    long OrderId,
    string Side,
    string Price,
    string Qty,
    string RealizedPnl,
    string MarginAsset,
    string QuoteQty,
    string Commission,
    string CommissionAsset,
    long Time,
    string PositionSide,
    bool Buyer,
    bool Maker);
