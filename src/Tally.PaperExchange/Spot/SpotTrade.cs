using Tally.Core;

namespace Tally.PaperExchange.Spot;

/// <summary>One spot fill as myTrades reports it. Ids are per symbol and increase by one.</summary>
/// <param name="Commission">Fee paid in <paramref name="CommissionAsset"/>, rounded to 8 places.</param>
/// <param name="CommissionAsset">The received asset: base on a buy, quote on a sell.</param>
public sealed record SpotTrade(
    PaperSymbol Symbol,
    long Id,
    long OrderId,
    Side Side,
    decimal Price,
    decimal Quantity,
    decimal Commission,
    string CommissionAsset,
    bool Maker,
    DateTimeOffset Time)
{
    public decimal QuoteQuantity => Price * Quantity;
}
