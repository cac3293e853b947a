namespace Tally.Exchanges.Binance.Client;

/// <summary>The spot order types this client places; LIMIT_MAKER is spot's post-only.</summary>
public enum BinanceSpotOrderType
{
    Market,
    Limit,
    LimitMaker,
}
