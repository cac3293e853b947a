using System.Runtime.CompilerServices;
using Tally.Core.Risk;
using Tally.Exchanges.Binance.Client;
using Tally.Exchanges.Binance.Market;

namespace Tally.Engine.Risk;

/// <summary>
/// Ticks from the USD-M public market streams (<see cref="BinanceMarketDataClient"/>, which reconnects and back-fills
/// klines over REST after any gap): every aggregate trade (price, quantity, taker side, for the dump detector), every
/// mark price (price only) and every closed candle the client fetched to fill a gap (so the monitor's candles have no
/// holes after a disconnect). One client per market set; the monitor starts a new enumeration when the set changes.
/// </summary>
public sealed class BinanceRiskMarketFeed(BinanceFuturesClient rest, Uri streamBase, TimeProvider time, BinanceMarketDataOptions? options = null) : IRiskMarketFeed
{
    public async IAsyncEnumerable<RiskMarketEvent> ReadAsync(IReadOnlyCollection<string> markets, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(markets);
        var client = new BinanceMarketDataClient(rest, streamBase, markets, time, options ?? new BinanceMarketDataOptions());
        await foreach (var e in client.ReadAllAsync(cancellationToken))
        {
            if (RiskMarketEvents.From(e, market: static s => s) is { } risk)
            {
                yield return risk;
            }
        }
    }
}

/// <summary>The market-data client's events as the monitor reads them.</summary>
public static class RiskMarketEvents
{
    /// <summary>
    /// An aggregate trade or mark price → a tick, a back-filled closed 1-minute kline → a candle, on the market key
    /// <paramref name="market"/> gives the symbol; anything else (live klines, which the monitor builds itself from
    /// trades) → null.
    /// </summary>
    public static RiskMarketEvent? From(BinanceMarketEvent e, Func<string, string> market)
    {
        ArgumentNullException.ThrowIfNull(e);
        ArgumentNullException.ThrowIfNull(market);
        return e switch
        {
            BinanceMarketEvent.AggTrade trade => new RiskMarketEvent.Tick(new RiskTick(default, market(trade.Symbol), trade.Price, trade.Quantity, trade.TakerSide)),
            BinanceMarketEvent.MarkPrice mark => new RiskMarketEvent.Tick(new RiskTick(default, market(mark.Symbol), mark.Price)),
            BinanceMarketEvent.Kline { IsBackFilled: true, IsClosed: true, Bar: { Interval: "1m" } bar } => new RiskMarketEvent.BackFilled(
                market(bar.Symbol),
                Candle.FromKline(DateTimeOffset.FromUnixTimeMilliseconds(bar.OpenTime), bar.Open, bar.High, bar.Low, bar.Close, bar.Volume, bar.TakerBuyVolume)),
            _ => null,
        };
    }
}

/// <summary>
/// One feed over USD-M and spot markets: plain keys go to <paramref name="futures"/>, <c>spot:</c> keys to
/// <paramref name="spot"/> (a side without a feed is not watched); the two enumerations are merged. Either failing
/// ends the merged enumeration with its error (the monitor restarts it).
/// </summary>
public sealed class RiskMarketFeeds(IRiskMarketFeed? futures, IRiskMarketFeed? spot) : IRiskMarketFeed
{
    public async IAsyncEnumerable<RiskMarketEvent> ReadAsync(IReadOnlyCollection<string> markets, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(markets);
        var parts = new List<(IRiskMarketFeed Feed, string[] Markets)>(2);
        if (futures is not null && markets.Where(m => !RiskMarkets.IsSpot(m)).ToArray() is { Length: > 0 } plain)
        {
            parts.Add((futures, plain));
        }

        if (spot is not null && markets.Where(RiskMarkets.IsSpot).ToArray() is { Length: > 0 } spotMarkets)
        {
            parts.Add((spot, spotMarkets));
        }

        if (parts.Count == 1)
        {
            await foreach (var e in parts[0].Feed.ReadAsync(parts[0].Markets, cancellationToken))
            {
                yield return e;
            }

            yield break;
        }

        if (parts.Count == 0)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            yield break;
        }

        var merged = System.Threading.Channels.Channel.CreateBounded<RiskMarketEvent>(new System.Threading.Channels.BoundedChannelOptions(10_000) { SingleReader = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        async Task PumpAsync(IRiskMarketFeed feed, string[] keys)
        {
            await foreach (var e in feed.ReadAsync(keys, stop.Token))
            {
                await merged.Writer.WriteAsync(e, stop.Token);
            }
        }

        var pumps = parts.Select(p => Task.Run(() => PumpAsync(p.Feed, p.Markets), CancellationToken.None)).ToArray();
        var done = Task.WhenAny(pumps).ContinueWith(
            t => merged.Writer.TryComplete(t.Result.Exception?.InnerException),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        try
        {
            await foreach (var e in merged.Reader.ReadAllAsync(cancellationToken))
            {
                yield return e;
            }
        }
        finally
        {
            await stop.CancelAsync();
            try
            {
                await Task.WhenAll(pumps);
            }
            catch (Exception) when (stop.IsCancellationRequested)
            {
                // The pumps end by the cancellation (or already failed: that error ended the enumeration).
            }

            await done;
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

/// <summary>
/// The spot accounts in one asset (USDT by default), read from one account snapshot each: that asset's balance (free +
/// locked) plus every base asset held of the account's pairs quoted in it, valued at the pair's last price. Holdings
/// are valued from the same snapshot as the cash, so a fill that reaches the balances before its report reaches the
/// monitor moves value from cash to holdings instead of losing it; the monitor takes its open spot positions'
/// unrealized PnL off (<see cref="RiskMonitorService"/>) so they are not counted twice.
/// </summary>
public sealed class BinanceSpotWallet(IReadOnlyList<(BinanceSpotClient Client, IReadOnlyList<string> Symbols)> accounts, string asset = "USDT") : IRiskWallet
{
    public async Task<decimal> WalletAsync(CancellationToken cancellationToken)
    {
        var total = 0m;
        foreach (var (client, symbols) in accounts)
        {
            var balances = (await client.GetAccountAsync(cancellationToken)).Balances
                .GroupBy(b => b.Asset, StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => g.Sum(b => b.Free + b.Locked), StringComparer.OrdinalIgnoreCase);
            total += balances.GetValueOrDefault(asset);
            foreach (var symbol in symbols.Distinct(StringComparer.OrdinalIgnoreCase))
            {
                if (symbol.Length > asset.Length && symbol.EndsWith(asset, StringComparison.OrdinalIgnoreCase)
                    && balances.GetValueOrDefault(symbol[..^asset.Length]) is var held && held != 0m)
                {
                    total += held * await client.GetPriceAsync(symbol, cancellationToken);
                }
            }
        }

        return total;
    }
}

/// <summary>The sum of several wallets (USD-M and spot accounts).</summary>
public sealed class SummedWallet(IReadOnlyList<IRiskWallet> wallets) : IRiskWallet
{
    public async Task<decimal> WalletAsync(CancellationToken cancellationToken)
    {
        var total = 0m;
        foreach (var wallet in wallets)
        {
            total += await wallet.WalletAsync(cancellationToken);
        }

        return total;
    }
}
