using System.Runtime.CompilerServices;
using Tally.Exchanges.Binance.Client;
using Tally.Exchanges.Binance.Market;

namespace Tally.Engine.Risk;

/// <summary>
/// Ticks from the spot public market streams (the spot flavour of <see cref="BinanceMarketDataClient"/>, which
/// reconnects and back-fills klines over <c>GET /api/v3/klines</c>): every aggregate trade and every back-filled closed
/// candle, on the market keys <c>spot:</c> + symbol (<see cref="RiskMarkets"/>). Spot has no mark price.
/// </summary>
/// <param name="streamBase">
/// <c>wss://stream.binance.com:9443/</c> in production, a paper exchange's <c>ws://127.0.0.1:port/spot/</c>
/// (<see cref="BinanceMarketDataClient.SpotStreamBaseFor"/>).
/// </param>
public sealed class BinanceSpotRiskMarketFeed(BinanceSpotClient rest, Uri streamBase, TimeProvider time, BinanceMarketDataOptions? options = null) : IRiskMarketFeed
{
    public async IAsyncEnumerable<RiskMarketEvent> ReadAsync(IReadOnlyCollection<string> markets, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(markets);
        var symbols = markets.Select(RiskMarkets.SymbolOf).Distinct(StringComparer.Ordinal).ToArray();
        var client = new BinanceMarketDataClient(rest, streamBase, symbols, time, options ?? new BinanceMarketDataOptions());
        await foreach (var e in client.ReadAllAsync(cancellationToken))
        {
            if (RiskMarketEvents.From(e, RiskMarkets.Spot) is { } risk)
            {
                yield return risk;
            }
        }
    }
}
