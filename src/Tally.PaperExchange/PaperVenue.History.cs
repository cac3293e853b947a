using Tally.Core;

namespace Tally.PaperExchange;

/// <summary>
/// Start-up of the money features (funding clock, price files) and the pre-loaded history: past fills a client can
/// back-fill with userTrades paging, generated in one pass (a million in about a second, about 150 bytes each).
/// </summary>
public sealed partial class PaperVenue
{
    /// <summary>
    /// The wallet before the first pre-loaded fill: <see cref="PaperExchangeOptions.InitialBalance"/> − Σ (realized −
    /// commission) of the history, so that it plus the history's fills gives the wallet at start. Equal to
    /// InitialBalance without history.
    /// </summary>
    public decimal OpeningBalance { get; private set; }

    /// <summary>Called once from the constructor, before anyone can reach the venue.</summary>
    private void StartMoney()
    {
        var now = _options.TimeProvider.GetUtcNow();
        _nextFunding = FundingSchedule.NextAfter(now);
        OpeningBalance = _options.InitialBalance;
        PreloadHistory(now);
    }

    private static Dictionary<string, IReadOnlyList<LeanBar>> LoadPriceFiles(PaperExchangeOptions options) =>
        options.PriceFiles.ToDictionary(p => p.Key, p => LeanBars.ReadBars(p.Value), StringComparer.Ordinal);

    /// <summary>
    /// <see cref="PaperExchangeOptions.HistoricalTrades"/> taker fills at evenly spaced times (whole milliseconds)
    /// over <see cref="PaperExchangeOptions.HistorySpan"/> before <paramref name="now"/>, every one strictly before it.
    /// Each picks a seeded symbol, moves that symbol's own history walk (kept within ±20 % of today's price so that
    /// positions stay far from liquidation) and trades a few minimum-notional lots; a position beyond 20 lots is only
    /// reduced. Positions and ids come out exactly as if the fills had been live orders, and the wallet at start is
    /// still InitialBalance (see <see cref="OpeningBalance"/>). They have no order records (GET /order does not know
    /// them), no funding and no income rows.
    /// </summary>
    private void PreloadHistory(DateTimeOffset now)
    {
        var count = _options.HistoricalTrades;
        if (count == 0)
        {
            return;
        }

        var random = new Random(unchecked(_options.Seed ^ 0x4157_0213));
        var symbols = _options.Symbols;
        var prices = symbols.Select(s => _prices.Current(s.Symbol)).ToArray();
        var lots = symbols.Select((s, i) => Math.Max(1m, Math.Ceiling(s.MinNotional / (prices[i] * s.StepSize))) * s.StepSize).ToArray();
        var spanTicks = _options.HistorySpan.Ticks;
        var first = now - _options.HistorySpan;
        var net = 0m;
        for (var k = 0; k < count; k++)
        {
            // (span · k) / n in 128 bits: 180 days of ticks times a million trades overflows a long.
            var offset = (long)((Int128)spanTicks * k / count);
            var at = first.AddTicks(offset);
            at = at.AddTicks(-(at.UtcTicks % TimeSpan.TicksPerMillisecond));
            var i = random.Next(symbols.Count);
            var symbol = symbols[i];
            var book = _books[symbol.Symbol];
            var anchor = _prices.Current(symbol.Symbol);
            var walked = prices[i] + (random.Next(-symbol.MaxTicksPerStep, symbol.MaxTicksPerStep + 1) * symbol.TickSize);
            prices[i] = Math.Clamp(walked, Math.Max(anchor * 0.8m, 10 * symbol.TickSize), anchor * 1.2m);
            var price = prices[i] - (prices[i] % symbol.TickSize);
            var size = lots[i] * random.Next(1, 4);
            var cap = lots[i] * 20;

            PositionSide side;
            decimal signed;
            if (_mode == PositionMode.OneWay)
            {
                side = PositionSide.Both;
                var amount = book.Position(side).Amount;
                var buy = amount >= cap ? false : amount <= -cap || random.Next(2) == 0;
                signed = buy ? size : -size;
            }
            else
            {
                side = random.Next(2) == 0 ? PositionSide.Long : PositionSide.Short;
                var held = Math.Abs(book.Position(side).Amount);
                var close = held >= cap || (held > 0 && random.Next(2) == 0);
                var quantity = close ? Math.Min(size, held) : size;
                var opensLong = side == PositionSide.Long;
                signed = opensLong != close ? quantity : -quantity;
            }

            var position = book.Position(side);
            var realized = position.Apply(signed, price, at);
            var quantityTraded = Math.Abs(signed);
            var commission = Math.Round(price * quantityTraded * _options.TakerFeeRate, 8, MidpointRounding.ToEven);
            var orderSide = signed > 0 ? Side.Buy : Side.Sell;
            book.Trades.Add(new PaperTrade(symbol, book.NextTradeId++, _nextOrderId++, orderSide, side, price, quantityTraded, realized, commission, Maker: false, at));
            net += realized - commission;
        }

        // The wallet at start stays InitialBalance: the history is taken to have begun from a balance that lands
        // there, so a million fills of fees cannot start the account underwater.
        OpeningBalance = _options.InitialBalance - net;
    }

    /// <summary>The rows of an ascending trade list from the first with id ≥ <paramref name="fromId"/>.</summary>
    private static IEnumerable<PaperTrade> TradesFrom(List<PaperTrade> trades, long fromId)
    {
        var (lo, hi) = (0, trades.Count);
        while (lo < hi)
        {
            var mid = lo + ((hi - lo) / 2);
            if (trades[mid].Id < fromId)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return Tail(trades, lo);
    }

    /// <summary>The rows of an ascending trade list from the first at or after <paramref name="start"/>.</summary>
    private static IEnumerable<PaperTrade> TradesFrom(List<PaperTrade> trades, DateTimeOffset start)
    {
        var (lo, hi) = (0, trades.Count);
        while (lo < hi)
        {
            var mid = lo + ((hi - lo) / 2);
            if (trades[mid].Time < start)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }

        return Tail(trades, lo);
    }

    private static IEnumerable<PaperTrade> Tail(List<PaperTrade> trades, int from)
    {
        for (var i = from; i < trades.Count; i++)
        {
            yield return trades[i];
        }
    }
}
