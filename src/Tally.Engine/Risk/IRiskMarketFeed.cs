using Tally.Core.Risk;

namespace Tally.Engine.Risk;

/// <summary>Prices for the risk monitor: the ticks of a set of symbols until cancelled (reconnecting as needed).</summary>
public interface IRiskMarketFeed
{
    /// <summary>Ticks of <paramref name="symbols"/> (At is filled in by the monitor's clock); ends only by cancellation.</summary>
    IAsyncEnumerable<RiskTick> ReadAsync(IReadOnlyCollection<string> symbols, CancellationToken cancellationToken);
}

/// <summary>The wallet balance the monitor values equity from (equity = wallet + unrealized PnL).</summary>
public interface IRiskWallet
{
    Task<decimal> WalletAsync(CancellationToken cancellationToken);
}
