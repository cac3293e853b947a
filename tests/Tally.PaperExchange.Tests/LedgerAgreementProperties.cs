using System.Globalization;
using FsCheck;
using FsCheck.Xunit;
using Tally.Core;

namespace Tally.PaperExchange.Tests;

/// <summary>
/// For any seed and any run of market orders, the venue's own books agree with Tally.Core's ledger folding the
/// venue's fills: same signed amount, same entry price, same realized PnL (to far below a satoshi).
/// </summary>
public sealed class LedgerAgreementProperties
{
    private static readonly string[] Symbols = ["BTCUSDT", "ETHUSDT", "XRPUSDT"];

    [Property(MaxTest = 60)]
    public void One_way_books_agree_with_the_ledger(int seed, PositiveInt orders) =>
        Check(seed, Math.Min(orders.Get, 80), PositionMode.OneWay);

    [Property(MaxTest = 60)]
    public void Hedge_books_agree_with_the_ledger(int seed, PositiveInt orders) =>
        Check(seed, Math.Min(orders.Get, 80), PositionMode.Hedge);

    private static void Check(int seed, int orders, PositionMode mode)
    {
        var venue = new PaperVenue(new PaperExchangeOptions { Seed = seed, PositionMode = mode });
        var random = new Random(seed);
        var ids = new HashSet<long>();
        for (var i = 0; i < orders; i++)
        {
            var symbol = Symbols[random.Next(Symbols.Length)];
            var side = random.Next(2) == 0 ? Side.Buy : Side.Sell;
            PositionSide? positionSide = mode == PositionMode.OneWay ? null : random.Next(2) == 0 ? PositionSide.Long : PositionSide.Short;
            var quantity = symbol switch
            {
                "BTCUSDT" => 0.001m * random.Next(2, 20),
                "ETHUSDT" => 0.001m * random.Next(10, 500),
                _ => 0.1m * random.Next(30, 500),
            };

            var error = venue.TryPlace(new OrderRequest(symbol, side, OrderType.Market, positionSide, quantity, null, null, null, null), out _, out var order);

            // Hedge closes larger than the book are refused (-2022); everything else must fill.
            Assert.True(error is null || error.Code == -2022, error?.Message);
            if (error is null)
            {
                ids.Add(order.OrderId);
            }
        }

        var ledger = new Ledger();
        var realized = new Dictionary<PositionKey, decimal>();
        foreach (var symbol in Symbols)
        {
            Assert.Null(venue.TryGetTrades(new TradeQuery(symbol, null, 0, null, null, 1000), out var trades));
            foreach (var t in trades)
            {
                Assert.Contains(t.OrderId, ids);
                var fill = new Fill("paper", "main", symbol, t.Side, t.PositionSide, t.Quantity, t.Price, t.Commission, "USDT", t.Id.ToString(CultureInfo.InvariantCulture), t.Time);
                var outcome = ledger.Apply(fill);
                Assert.Null(outcome.Anomaly);
                realized[fill.Key] = realized.GetValueOrDefault(fill.Key) + t.RealizedPnl;
            }
        }

        foreach (var row in venue.Positions(null))
        {
            var key = new PositionKey("paper", "main", row.Symbol.Symbol, row.PositionSide);
            var position = ledger.Find(key);
            Assert.Equal(position?.SignedQuantity ?? 0m, row.Amount);
            Assert.True(Math.Abs((position?.AverageEntryPrice ?? 0m) - row.EntryPrice) < 0.000000000001m, $"{key}: entry {row.EntryPrice} vs {position?.AverageEntryPrice}");
            Assert.True(Math.Abs((position?.RealizedPnl ?? 0m) - realized.GetValueOrDefault(key)) < 0.000000000001m, $"{key}: realized {realized.GetValueOrDefault(key)} vs {position?.RealizedPnl}");
        }
    }
}
