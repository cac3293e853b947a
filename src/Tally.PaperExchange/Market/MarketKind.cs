namespace Tally.PaperExchange.Market;

/// <summary>Which Binance market a tape's stream messages are written for: the wire differs a little (spot's aggTrade has <c>M</c>, no <c>nq</c>).</summary>
public enum MarketKind
{
    UsdMFutures,
    Spot,
}
