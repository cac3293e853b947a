namespace Tally.PaperExchange.Spot.Wire;

/// <summary>One GET /api/v3/myTrades row (binance-wire.md §6.1).</summary>
public sealed record SpotTradeRow(
    string Symbol,
    long Id,
    long OrderId,
    long OrderListId,
    string Price,
    string Qty,
    string QuoteQty,
    string Commission,
    string CommissionAsset,
    long Time,
    bool IsBuyer,
    bool IsMaker,
    bool IsBestMatch);
