namespace Tally.Exchanges.Binance.Client;

/// <summary>The conditional order types this client places on <c>POST /fapi/v1/algoOrder</c>.</summary>
public enum BinanceAlgoOrderType
{
    TakeProfitMarket,
    StopMarket,
}
