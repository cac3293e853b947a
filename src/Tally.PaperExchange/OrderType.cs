namespace Tally.PaperExchange;

/// <summary>The order types this slice accepts on POST /fapi/v1/order, and LIQUIDATION, which only the venue places.</summary>
public enum OrderType
{
    Market,
    Limit,

    /// <summary>The venue's own closing order when the account is liquidated; never accepted from a client.</summary>
    Liquidation,
}
