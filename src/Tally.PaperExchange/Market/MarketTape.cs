using System.Text.Json;
using Tally.Core;
using Tally.PaperExchange.Wire;

namespace Tally.PaperExchange.Market;

/// <summary>
/// The public trade tape of the paper exchange: every price step of a symbol (a walk or file step, a playback
/// step, <c>/admin/price</c>) is one aggregate trade at the new price with a quantity and a taker side, and 1-minute
/// candles aggregate those trades. Candles are contiguous from the minute the exchange started: a minute without
/// trades is flat at the previous close. Longer intervals are built from the minutes. Stream messages go to an
/// <see cref="IMarketSink"/>; REST klines read the same candles, so both always agree. Owned by
/// <see cref="PaperVenue"/>, which calls it under its lock; not thread safe on its own.
/// </summary>
internal sealed class MarketTape
{
    private const long Minute = 60_000;

    private readonly Dictionary<string, SymbolTape> _tapes = new(StringComparer.Ordinal);
    private readonly IMarketSink? _sink;
    private readonly MarketKind _kind;
    private readonly Random _sizes;

    public MarketTape(IReadOnlyList<PaperSymbol> symbols, Func<string, decimal> startPrice, long startMs, int seed, IMarketSink? sink, MarketKind kind = MarketKind.UsdMFutures)
    {
        _sink = sink;
        _kind = kind;

        // A stream of its own, so the tape never changes the prices or faults a seed gives.
        _sizes = new Random(unchecked(seed ^ 0x7A9E));
        var firstMinute = KlineInterval.OneMinute.OpenOf(startMs);
        for (var i = 0; i < symbols.Count; i++)
        {
            var symbol = symbols[i];
            var tape = new SymbolTape(symbol, symbol.Symbol.ToLowerInvariant(), firstAggId: (i + 1) * 100_000_000L, firstMinute, startMs);
            tape.Minutes.Add(Candle.Flat(firstMinute, startPrice(symbol.Symbol)));
            _tapes.Add(symbol.Symbol, tape);
        }
    }

    /// <summary>
    /// Records a trade at <paramref name="price"/>: <paramref name="quantity"/> (else a seeded 1–10 minimum lots) with
    /// <paramref name="takerSide"/> (else BUY when the price rose, SELL when it fell, a seeded draw when it did not move).
    /// </summary>
    public void Trade(string symbol, decimal price, decimal? quantity, Side? takerSide, long nowMs)
    {
        var tape = _tapes[symbol];
        var time = Math.Max(nowMs, tape.LastTime);
        Roll(tape, time);
        var candle = tape.Minutes[^1];
        var side = takerSide ?? (price > candle.Close ? Side.Buy : price < candle.Close ? Side.Sell : _sizes.Next(2) == 0 ? Side.Buy : Side.Sell);
        var size = quantity ?? (MinimumLot(tape.Symbol, price) * _sizes.Next(1, 11));
        var id = tape.NextAggId++;
        candle.Add(price, size, side, id);
        if (_sink is null)
        {
            return;
        }

        var aggStream = tape.Lower + "@aggTrade";
        if (_sink.Wants(aggStream))
        {
            var (p, q, sold) = (WireFormat.Plain(price), WireFormat.Plain(size), side == Side.Sell);
            var json = _kind switch
            {
                MarketKind.UsdMFutures => JsonSerializer.Serialize(new AggTradeEvent("aggTrade", time, symbol, id, p, q, q, id, id, time, sold), PaperJsonContext.Default.AggTradeEvent),
                MarketKind.Spot => JsonSerializer.Serialize(new SpotAggTradeEvent("aggTrade", time, symbol, id, p, q, id, id, time, sold, Ignore: true), PaperJsonContext.Default.SpotAggTradeEvent),
            };
            _sink.Publish(aggStream, json);
        }

        foreach (var interval in KlineInterval.All)
        {
            PublishKline(tape, interval, interval.OpenOf(candle.OpenTime), closed: false, time);
        }
    }

    /// <summary>Closes every minute that ended by <paramref name="nowMs"/> on every symbol (closed klines go out).</summary>
    public void RollAll(long nowMs)
    {
        foreach (var tape in _tapes.Values)
        {
            Roll(tape, Math.Max(nowMs, tape.LastTime));
        }
    }

    /// <summary>
    /// The bar still open of every interval of every symbol, as it stands at <paramref name="nowMs"/> (spot pushes it
    /// every two seconds whether or not it traded); minutes that ended are closed first.
    /// </summary>
    public void OpenKlines(long nowMs)
    {
        if (_sink is null)
        {
            return;
        }

        foreach (var tape in _tapes.Values)
        {
            var time = Math.Max(nowMs, tape.LastTime);
            Roll(tape, time);
            var open = tape.Minutes[^1].OpenTime;
            foreach (var interval in KlineInterval.All)
            {
                PublishKline(tape, interval, interval.OpenOf(open), closed: false, time);
            }
        }
    }

    /// <summary>markPriceUpdate of every symbol for the whole second <paramref name="secondMs"/>: to <c>@markPrice@1s</c>, and every third second to <c>@markPrice</c>.</summary>
    public void MarkPrices(long secondMs, Func<string, (decimal Mark, decimal FundingRate, long NextFunding)> marks)
    {
        if (_sink is null)
        {
            return;
        }

        foreach (var tape in _tapes.Values)
        {
            var fast = tape.Lower + "@markPrice@1s";
            var slow = tape.Lower + "@markPrice";
            var wantsSlow = secondMs % 3000 == 0 && _sink.Wants(slow);
            if (!_sink.Wants(fast) && !wantsSlow)
            {
                continue;
            }

            var (mark, rate, next) = marks(tape.Symbol.Symbol);
            var text = WireFormat.Fixed(mark, 8);
            var json = JsonSerializer.Serialize(
                new MarkPriceEvent("markPriceUpdate", secondMs, tape.Symbol.Symbol, text, text, text, WireFormat.Fixed(rate, 8), next),
                PaperJsonContext.Default.MarkPriceEvent);
            _sink.Publish(fast, json);
            if (wantsSlow)
            {
                _sink.Publish(slow, json);
            }
        }
    }

    /// <summary>
    /// GET /fapi/v1/klines: bars opening at or after <paramref name="startMs"/> and at or before <paramref name="endMs"/>,
    /// oldest first, at most <paramref name="limit"/> (from the start when one is given, else the latest); the last
    /// bar can be the one still open.
    /// </summary>
    public IReadOnlyList<KlineBar> Klines(string symbol, KlineInterval interval, long? startMs, long? endMs, int limit, long nowMs)
    {
        var tape = _tapes[symbol];
        Roll(tape, Math.Max(nowMs, tape.LastTime));
        var first = interval.OpenOf(tape.Minutes[0].OpenTime);
        var last = interval.OpenOf(tape.Minutes[^1].OpenTime);
        var from = startMs is { } s ? Math.Max(first, CeilToBucket(interval, s)) : first;
        var to = endMs is { } e ? Math.Min(last, interval.OpenOf(e)) : last;
        if (from > to)
        {
            return [];
        }

        var count = ((to - from) / interval.Milliseconds) + 1;
        if (count > limit)
        {
            if (startMs is null)
            {
                from = to - ((limit - 1) * interval.Milliseconds);
            }
            else
            {
                to = from + ((limit - 1) * interval.Milliseconds);
            }
        }

        var bars = new List<KlineBar>();
        for (var open = from; open <= to; open += interval.Milliseconds)
        {
            bars.Add(Aggregate(tape, interval, open));
        }

        return bars;
    }

    private static long CeilToBucket(KlineInterval interval, long ms)
    {
        var open = interval.OpenOf(ms);
        return open == ms ? open : open + interval.Milliseconds;
    }

    /// <summary>Closes the minutes that ended by <paramref name="nowMs"/>, each followed by a flat one, and sends the klines that closed.</summary>
    private void Roll(SymbolTape tape, long nowMs)
    {
        tape.LastTime = nowMs;
        while (nowMs >= tape.Minutes[^1].OpenTime + Minute)
        {
            var ended = tape.Minutes[^1];
            var next = ended.OpenTime + Minute;
            tape.Minutes.Add(Candle.Flat(next, ended.Close));
            if (_sink is null)
            {
                continue;
            }

            foreach (var interval in KlineInterval.All)
            {
                if (interval.OpenOf(next) == next)
                {
                    PublishKline(tape, interval, next - interval.Milliseconds, closed: true, nowMs);
                }
            }
        }
    }

    private void PublishKline(SymbolTape tape, KlineInterval interval, long bucketOpen, bool closed, long eventMs)
    {
        var stream = tape.Lower + "@kline_" + interval.Name;
        if (!_sink!.Wants(stream))
        {
            return;
        }

        var bar = Aggregate(tape, interval, bucketOpen);
        var symbol = tape.Symbol;
        var places = symbol.PricePrecision;
        var body = new KlineBody(
            bar.OpenTime,
            bar.CloseTime,
            symbol.Symbol,
            interval.Name,
            bar.FirstTradeId,
            bar.LastTradeId,
            WireFormat.Fixed(bar.Open, places),
            WireFormat.Fixed(bar.Close, places),
            WireFormat.Fixed(bar.High, places),
            WireFormat.Fixed(bar.Low, places),
            WireFormat.Plain(bar.Volume),
            bar.Trades,
            closed,
            WireFormat.Plain(bar.QuoteVolume),
            WireFormat.Plain(bar.TakerBuyVolume),
            WireFormat.Plain(bar.TakerBuyQuoteVolume),
            "0");
        _sink.Publish(stream, JsonSerializer.Serialize(new KlineEvent("kline", eventMs, symbol.Symbol, body), PaperJsonContext.Default.KlineEvent));
    }

    /// <summary>The bar of <paramref name="interval"/> opening at <paramref name="bucketOpen"/>, from the minutes inside it that exist.</summary>
    private static KlineBar Aggregate(SymbolTape tape, KlineInterval interval, long bucketOpen)
    {
        var firstMinute = tape.Minutes[0].OpenTime;
        var from = (int)Math.Max(0, (bucketOpen - firstMinute) / Minute);
        var to = (int)Math.Min(tape.Minutes.Count - 1, ((bucketOpen + interval.Milliseconds - firstMinute) / Minute) - 1);
        var first = tape.Minutes[from];
        decimal high = first.High, low = first.Low, volume = 0, quote = 0, buy = 0, buyQuote = 0;
        long trades = 0, firstId = -1, lastId = -1;
        for (var i = from; i <= to; i++)
        {
            var m = tape.Minutes[i];
            high = Math.Max(high, m.High);
            low = Math.Min(low, m.Low);
            volume += m.Volume;
            quote += m.QuoteVolume;
            buy += m.TakerBuyVolume;
            buyQuote += m.TakerBuyQuoteVolume;
            trades += m.Trades;
            if (m.Trades > 0)
            {
                firstId = firstId < 0 ? m.FirstId : firstId;
                lastId = m.LastId;
            }
        }

        return new KlineBar(interval.Name, bucketOpen, bucketOpen + interval.Milliseconds - 1, first.Open, high, low, tape.Minutes[to].Close, volume, quote, trades, buy, buyQuote, firstId, lastId);
    }

    private static decimal MinimumLot(PaperSymbol symbol, decimal price)
    {
        // The smallest whole number of steps whose notional reaches MIN_NOTIONAL: BTC at 90 000 with a 100 minimum → 0.002.
        var steps = Math.Max(1m, Math.Ceiling(symbol.MinNotional / price / symbol.StepSize));
        return steps * symbol.StepSize;
    }

    private sealed class SymbolTape(PaperSymbol symbol, string lower, long firstAggId, long firstMinute, long startMs)
    {
        public PaperSymbol Symbol { get; } = symbol;

        /// <summary>The symbol in lower case, as stream names spell it.</summary>
        public string Lower { get; } = lower;

        public long NextAggId { get; set; } = firstAggId;

        /// <summary>Latest time the tape was rolled to: trades never go back in time.</summary>
        public long LastTime { get; set; } = Math.Max(firstMinute, startMs);

        /// <summary>Every minute since start, contiguous; the last is still open.</summary>
        public List<Candle> Minutes { get; } = [];
    }

    private sealed class Candle
    {
        public long OpenTime { get; private init; }

        public decimal Open { get; private set; }

        public decimal High { get; private set; }

        public decimal Low { get; private set; }

        public decimal Close { get; private set; }

        public decimal Volume { get; private set; }

        public decimal QuoteVolume { get; private set; }

        public decimal TakerBuyVolume { get; private set; }

        public decimal TakerBuyQuoteVolume { get; private set; }

        public long Trades { get; private set; }

        public long FirstId { get; private set; } = -1;

        public long LastId { get; private set; } = -1;

        public static Candle Flat(long openTime, decimal price) => new() { OpenTime = openTime, Open = price, High = price, Low = price, Close = price };

        public void Add(decimal price, decimal quantity, Side takerSide, long id)
        {
            if (Trades == 0)
            {
                // The first trade of a minute opens it; a flat minute's placeholder open (the previous close) goes.
                Open = High = Low = price;
                FirstId = id;
            }

            High = Math.Max(High, price);
            Low = Math.Min(Low, price);
            Close = price;
            Volume += quantity;
            QuoteVolume += price * quantity;
            if (takerSide == Side.Buy)
            {
                TakerBuyVolume += quantity;
                TakerBuyQuoteVolume += price * quantity;
            }

            Trades++;
            LastId = id;
        }
    }
}
