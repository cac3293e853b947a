namespace Tally.PaperExchange.Algo;

/// <summary>
/// The conditional types POST /fapi/v1/algoOrder accepts here. Binance also has the limit variants STOP and
/// TAKE_PROFIT; this slice only simulates the ones that become MARKET orders when they trigger.
/// </summary>
public enum AlgoOrderType
{
    /// <summary>BUY triggers when the price rises to the trigger price or above; SELL when it falls to it or below.</summary>
    StopMarket,

    /// <summary>BUY triggers when the price falls to the trigger price or below; SELL when it rises to it or above.</summary>
    TakeProfitMarket,

    /// <summary>Follows the extreme price since placement and triggers on a reversal of callbackRate percent.</summary>
    TrailingStopMarket,
}
