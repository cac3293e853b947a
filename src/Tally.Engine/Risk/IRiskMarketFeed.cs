namespace Tally.Engine.Risk;

/// <summary>Prices for the risk monitor: the events of a set of markets until cancelled (reconnecting as needed).</summary>
public interface IRiskMarketFeed
{
    /// <summary>
    /// Ticks of <paramref name="markets"/> (keys as <see cref="RiskMarkets"/> names them) and the candles back-filled
    /// after a gap; ends only by cancellation.
    /// </summary>
    IAsyncEnumerable<RiskMarketEvent> ReadAsync(IReadOnlyCollection<string> markets, CancellationToken cancellationToken);
}

/// <summary>
/// The cash the monitor values equity from (equity = wallet + unrealized PnL of the open strategy positions). For spot
/// accounts this is the quote asset's balance; the monitor adds the cost of the open spot strategy positions itself.
/// </summary>
public interface IRiskWallet
{
    Task<decimal> WalletAsync(CancellationToken cancellationToken);
}
