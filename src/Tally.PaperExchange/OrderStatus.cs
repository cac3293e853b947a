namespace Tally.PaperExchange;

/// <summary>The order states this slice produces (Binance also has PARTIALLY_FILLED, REJECTED, EXPIRED_IN_MATCH).</summary>
public enum OrderStatus
{
    New,
    Filled,
    Expired,
    Canceled,
}
