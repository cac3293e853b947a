namespace Tally.Exchanges.Binance.Client;

/// <summary>The order types this client places; conditional types live on the algo-order API (-4120).</summary>
public enum BinanceOrderType
{
    Market,
    Limit,
}
