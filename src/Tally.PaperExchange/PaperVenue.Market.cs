using Tally.Core;
using Tally.PaperExchange.Market;

namespace Tally.PaperExchange;

/// <summary>
/// The public market side of the venue: the trade tape and its candles (<see cref="MarketTape"/>), mark prices every
/// second of the exchange clock, and the playback of price files at their own pace (<see cref="PaperExchangeOptions.PlaybackSpeed"/>).
/// Every price move — a walk or file step before an order, a playback step, <see cref="SetPrice(string, decimal)"/> —
/// is one trade on the tape, so the streams and the matching always see the same price.
/// </summary>
public sealed partial class PaperVenue
{
    /// <summary>A clock that jumps further than this sends mark prices for its last minute only (nobody reads older ones live).</summary>
    private const int MaxMarkSecondsPerCatchUp = 60;

    private readonly Dictionary<string, Playback> _playback = new(StringComparer.Ordinal);
    private MarketTape _tape = null!;
    private long _nextMarkSecond;
    private ITimer? _playbackTimer;

    /// <summary>Klines of <paramref name="symbol"/> (GET /fapi/v1/klines), from the same candles the kline streams send.</summary>
    public IReadOnlyList<KlineBar> Klines(string symbol, KlineInterval interval, long? startMs, long? endMs, int limit)
    {
        ArgumentNullException.ThrowIfNull(interval);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        lock (_lock)
        {
            return _tape.Klines(symbol, interval, startMs, endMs, limit, NowMs());
        }
    }

    /// <summary>
    /// Moves a symbol's price as one trade of <paramref name="quantity"/> (null: a seeded size) taken by
    /// <paramref name="takerSide"/> (null: BUY when the price rises, SELL when it falls); resting orders it crosses fill.
    /// </summary>
    public void SetPrice(string symbol, decimal price, decimal? quantity, Side? takerSide)
    {
        lock (_lock)
        {
            SettleFundingDue();
            _prices.Set(symbol, price);
            var now = _options.TimeProvider.GetUtcNow();
            _tape.Trade(symbol, _prices.Current(symbol), quantity, takerSide, Ms(now));
            FillRestingOrders(_books[symbol], now);
        }
    }

    /// <summary>
    /// The market clock (called every second by the market streams): closes the minutes that ended and sends
    /// <c>markPriceUpdate</c> for every whole second that passed since the last call.
    /// </summary>
    public void AdvanceMarket()
    {
        lock (_lock)
        {
            SettleFundingDue();
            var now = NowMs();
            var lastSecond = now - (now % 1000);
            var first = Math.Max(_nextMarkSecond, lastSecond - ((MaxMarkSecondsPerCatchUp - 1) * 1000L));
            for (var second = first; second <= lastSecond; second += 1000)
            {
                _tape.RollAll(second);
                _tape.MarkPrices(second, MarkOf);
            }

            _nextMarkSecond = Math.Max(_nextMarkSecond, lastSecond + 1000);
            _tape.RollAll(now);
        }
    }

    /// <summary>Stops the playback timer; the host calls it on dispose.</summary>
    internal void StopTimers()
    {
        lock (_lock)
        {
            _playbackTimer?.Dispose();
            _playbackTimer = null;
        }
    }

    /// <summary>Called once from the constructor, after the price feed.</summary>
    private void StartMarket(Market.IMarketSink? sink, Dictionary<string, IReadOnlyList<LeanBar>> files)
    {
        var now = NowMs();
        _nextMarkSecond = now - (now % 1000) + 1000;
        _tape = new MarketTape(_options.Symbols, _prices.Current, now, _options.Seed, sink);
        if (_options.PlaybackSpeed is not { } speed)
        {
            return;
        }

        foreach (var (symbol, bars) in files)
        {
            if (bars.Count > 1)
            {
                _playback.Add(symbol, new Playback(bars, speed) { DueMs = now });
                _playback[symbol].Advance();
            }
        }

        if (_playback.Count > 0)
        {
            _playbackTimer = _options.TimeProvider.CreateTimer(_ => PlaybackTick(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            ArmPlayback(now);
        }
    }

    /// <summary>
    /// Takes every playback step that is due, oldest first across symbols, each a trade at its due time with the bar's
    /// volume, then arms the timer for the next one.
    /// </summary>
    private void PlaybackTick()
    {
        lock (_lock)
        {
            if (_playbackTimer is null)
            {
                return;
            }

            SettleFundingDue();
            var now = NowMs();
            while (_playback.MinBy(p => p.Value.DueMs) is { Value.DueMs: var due } next && due <= now)
            {
                var playback = next.Value;
                var symbol = next.Key;
                var price = _prices.Step(symbol);
                var volume = playback.Volume;
                var step = _books[symbol].Symbol.StepSize;
                decimal? quantity = volume > 0 ? Math.Max(step, Math.Round(volume / step, MidpointRounding.ToEven) * step) : null;
                _tape.Trade(symbol, price, quantity, null, due);
                FillRestingOrders(_books[symbol], DateTimeOffset.FromUnixTimeMilliseconds(Math.Max(due, 0)));
                playback.Advance();
            }

            ArmPlayback(now);
        }
    }

    private void ArmPlayback(long now)
    {
        var due = _playback.Values.Min(p => p.DueMs);
        _playbackTimer?.Change(TimeSpan.FromMilliseconds(Math.Max(0, due - now)), Timeout.InfiniteTimeSpan);
    }

    /// <summary>The new price of a walk or file step before an order, recorded on the tape; a played-back symbol does not step.</summary>
    private decimal StepPrice(string symbol, DateTimeOffset now)
    {
        if (_playback.ContainsKey(symbol))
        {
            return _prices.Current(symbol);
        }

        var price = _prices.Step(symbol);
        _tape.Trade(symbol, price, null, null, Ms(now));
        return price;
    }

    private (decimal Mark, decimal FundingRate, long NextFunding) MarkOf(string symbol)
    {
        var next = _options.Funding ? _nextFunding : FundingSchedule.NextAfter(_options.TimeProvider.GetUtcNow());
        return (_prices.Current(symbol), FundingRate(symbol, next), Ms(next));
    }

    private long NowMs() => Ms(_options.TimeProvider.GetUtcNow());

    private static long Ms(DateTimeOffset time) => time.ToUnixTimeMilliseconds();

    /// <summary>
    /// One played-back file: the feed's bar index follows <see cref="LeanBars.IndexAt"/> (forward, back, forward…), and
    /// each step is due the file's time between the two bars, divided by the speed, after the previous one (at least 1 ms).
    /// </summary>
    private sealed class Playback(IReadOnlyList<LeanBar> bars, decimal speed)
    {
        private long _step;

        /// <summary>Exchange time (Unix ms) of the next step.</summary>
        public long DueMs { get; set; }

        /// <summary>The volume of the bar the last step moved to.</summary>
        public decimal Volume => bars[LeanBars.IndexAt(_step, bars.Count)].Volume;

        /// <summary>Counts the step just taken (or the start) and schedules the next.</summary>
        public void Advance()
        {
            var from = bars[LeanBars.IndexAt(_step, bars.Count)].OffsetMilliseconds;
            _step++;
            var to = bars[LeanBars.IndexAt(_step, bars.Count)].OffsetMilliseconds;
            DueMs += Math.Max(1L, (long)Math.Ceiling(Math.Abs(to - from) / speed));
        }
    }
}
