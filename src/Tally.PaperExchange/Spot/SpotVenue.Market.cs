using Tally.Core;
using Tally.PaperExchange.Market;
using Tally.PaperExchange.Streams;

namespace Tally.PaperExchange.Spot;

/// <summary>
/// The public market side of the spot venue, on the same <see cref="MarketTape"/> as the USD-M one: every price move
/// of a pair — the walk's step before an order, <see cref="SetPrice(string, decimal, decimal?, Side?)"/> — is one
/// aggregate trade on the tape, so the spot streams, <c>GET /api/v3/klines</c> and the spot matching see the same price.
/// </summary>
public sealed partial class SpotVenue
{
    private MarketTape _tape = null!;
    private long _nextOpenPush;

    /// <summary>Spot pushes the open kline this often (binance spot web-socket-streams: 2 s for 1m and longer).</summary>
    private const long OpenKlineEveryMs = 2000;

    /// <summary>Klines of a pair (GET /api/v3/klines), from the same candles the kline streams send.</summary>
    public IReadOnlyList<KlineBar> Klines(string symbol, KlineInterval interval, long? startMs, long? endMs, int limit)
    {
        ArgumentNullException.ThrowIfNull(interval);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        lock (_lock)
        {
            return _tape.Klines(symbol, interval, startMs, endMs, limit, _time.GetUtcNow().ToUnixTimeMilliseconds());
        }
    }

    /// <summary>
    /// Moves a pair's price (rounded to a tick) as one trade of <paramref name="quantity"/> (null: a seeded size) taken
    /// by <paramref name="takerSide"/> (null: BUY when the price rises, SELL when it falls); resting orders it reaches fill.
    /// </summary>
    public void SetPrice(string symbol, decimal price, decimal? quantity, Side? takerSide)
    {
        lock (_lock)
        {
            _prices.Set(symbol, price);
            var now = _time.GetUtcNow();
            _tape.Trade(symbol, _prices.Current(symbol), quantity, takerSide, now.ToUnixTimeMilliseconds());
            FillRestingOrders(_books[symbol], now);
        }
    }

    /// <summary>
    /// The market clock (called every second by the spot market streams): closes the minutes that ended and, every two
    /// seconds, sends the bars still open.
    /// </summary>
    public void AdvanceMarket()
    {
        lock (_lock)
        {
            var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
            if (now >= _nextOpenPush)
            {
                _tape.OpenKlines(now);
                _nextOpenPush = now - (now % OpenKlineEveryMs) + OpenKlineEveryMs;
            }
            else
            {
                _tape.RollAll(now);
            }
        }
    }

    /// <summary>Called once from the constructor, after the price walk.</summary>
    private void StartMarket(int seed, MarketStreams? market)
    {
        var now = _time.GetUtcNow().ToUnixTimeMilliseconds();
        _nextOpenPush = now - (now % OpenKlineEveryMs) + OpenKlineEveryMs;

        // The trade sizes draw from a seed stream apart from the USD-M tape's.
        _tape = new MarketTape(_options.Symbols, _prices.Current, now, unchecked(seed ^ 0x5907), market, MarketKind.Spot);
    }
}
