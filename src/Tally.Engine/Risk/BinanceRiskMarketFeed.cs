using System.Runtime.CompilerServices;
using Tally.Core.Risk;
using Tally.Exchanges.Binance.Client;
using Tally.Exchanges.Binance.Market;

namespace Tally.Engine.Risk;

/// <summary>
/// Ticks from the USD-M public market streams (<see cref="BinanceMarketDataClient"/>, which reconnects and back-fills
/// klines): every aggregate trade (price, quantity, taker side, for the dump detector) and every mark price (price
/// only). One client per symbol set; the monitor starts a new enumeration when the set changes.
/// </summary>
public sealed class BinanceRiskMarketFeed(BinanceFuturesClient rest, Uri streamBase, TimeProvider time, BinanceMarketDataOptions? options = null) : IRiskMarketFeed
{
    public async IAsyncEnumerable<RiskTick> ReadAsync(IReadOnlyCollection<string> symbols, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(symbols);
        var client = new BinanceMarketDataClient(rest, streamBase, symbols, time, options ?? new BinanceMarketDataOptions { Klines = false });
        await foreach (var e in client.ReadAllAsync(cancellationToken))
        {
            switch (e)
            {
                case BinanceMarketEvent.AggTrade trade:
                    yield return new RiskTick(default, trade.Symbol, trade.Price, trade.Quantity, trade.TakerSide);
                    break;
                case BinanceMarketEvent.MarkPrice mark:
                    yield return new RiskTick(default, mark.Symbol, mark.Price);
                    break;
                default:
                    break;
            }
        }
    }
}

/// <summary>The sum of the USD-M accounts' wallet balances in one asset (USDT by default).</summary>
public sealed class BinanceFuturesWallet(IReadOnlyList<BinanceFuturesClient> clients, string asset = "USDT") : IRiskWallet
{
    public async Task<decimal> WalletAsync(CancellationToken cancellationToken)
    {
        var total = 0m;
        foreach (var client in clients)
        {
            foreach (var balance in await client.GetBalancesAsync(cancellationToken))
            {
                if (string.Equals(balance.Asset, asset, StringComparison.OrdinalIgnoreCase))
                {
                    total += balance.Balance;
                }
            }
        }

        return total;
    }
}
