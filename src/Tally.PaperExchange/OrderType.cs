namespace Tally.PaperExchange;

/// <summary>The order types this slice accepts on POST /fapi/v1/order.</summary>
public enum OrderType
{
    Market,
    Limit,
}
