using System.Globalization;
using FsCheck;
using FsCheck.Xunit;
using Tally.Core;
using Tally.PaperExchange.Algo;

namespace Tally.PaperExchange.Tests;

/// <summary>
/// Conditional orders mixed into random market orders on the walking prices: triggers fire inside other orders'
/// price steps, and still every fill belongs to a known order, every finished algo order points at a filled order,
/// and the venue's books agree with Tally.Core's ledger folding its fills.
/// </summary>
public sealed class AlgoLedgerProperties
{
    private static readonly int[] Tolerated = [-2021, -2022, -4164, -1106, -1130];

    [Property(MaxTest = 40)]
    public void One_way_books_agree_with_the_ledger_when_algo_orders_trigger(int seed, PositiveInt orders) =>
        Check(seed, Math.Min(orders.Get, 120), PositionMode.OneWay);

    [Property(MaxTest = 40)]
    public void Hedge_books_agree_with_the_ledger_when_algo_orders_trigger(int seed, PositiveInt orders) =>
        Check(seed, Math.Min(orders.Get, 120), PositionMode.Hedge);

    private static void Check(int seed, int orders, PositionMode mode)
    {
        const string symbol = "ETHUSDT";
        var venue = new PaperVenue(new PaperExchangeOptions { Seed = seed, PositionMode = mode });
        var random = new Random(seed);
        var orderIds = new HashSet<long>();
        var algoIds = new List<long>();
        for (var i = 0; i < orders; i++)
        {
            var side = random.Next(2) == 0 ? Side.Buy : Side.Sell;
            PositionSide? positionSide = mode == PositionMode.OneWay ? null : random.Next(2) == 0 ? PositionSide.Long : PositionSide.Short;
            var quantity = 0.001m * random.Next(10, 300);
            if (random.Next(3) == 0)
            {
                // A trigger a few ticks (0.01) away, either side of the price; the wrong side is -2021.
                var price = venue.MarkPrice(symbol);
                var type = (AlgoOrderType)random.Next(3);
                var close = type != AlgoOrderType.TrailingStopMarket && random.Next(4) == 0;
                var request = new AlgoOrderRequest(
                    symbol,
                    side,
                    type,
                    positionSide,
                    close ? null : quantity,
                    close,
                    mode == PositionMode.OneWay && !close && random.Next(2) == 0 ? true : null,
                    type == AlgoOrderType.TrailingStopMarket ? null : price + (0.01m * random.Next(-40, 41)),
                    null,
                    type == AlgoOrderType.TrailingStopMarket ? 0.1m * random.Next(1, 5) : null,
                    WorkingType.ContractPrice,
                    PriceProtect: false,
                    "GTC",
                    null);
                var algoError = venue.TryPlaceAlgo(request, out var placed);
                Assert.True(algoError is null || Tolerated.Contains(algoError.Code), algoError?.Message);
                if (algoError is null)
                {
                    algoIds.Add(placed.AlgoId);
                }

                continue;
            }

            var error = venue.TryPlace(new OrderRequest(symbol, side, OrderType.Market, positionSide, quantity, null, null, null, null), out _, out var order);
            Assert.True(error is null || error.Code == -2022, error?.Message);
            if (error is null)
            {
                orderIds.Add(order.OrderId);
            }
        }

        foreach (var algoId in algoIds)
        {
            Assert.Null(venue.TryGetAlgo(algoId, null, out var algo));
            switch (algo.Status)
            {
                case AlgoStatus.Finished:
                    Assert.Null(venue.TryGetOrder(symbol, algo.ActualOrderId, null, out var actual));
                    Assert.Contains(actual.Status, new[] { OrderStatus.Filled, OrderStatus.Expired });
                    Assert.Equal(actual.ExecutedQuantity, algo.ExecutedQuantity);
                    orderIds.Add(actual.OrderId);
                    break;
                case AlgoStatus.New:
                    Assert.Contains(venue.OpenAlgoOrders(symbol), o => o.AlgoId == algoId);
                    break;
                default:
                    Assert.Contains(algo.Status, new[] { AlgoStatus.Expired, AlgoStatus.Rejected });
                    Assert.Null(algo.ActualOrderId);
                    break;
            }
        }

        var ledger = new Ledger();
        var realized = new Dictionary<PositionKey, decimal>();
        Assert.Null(venue.TryGetTrades(new TradeQuery(symbol, null, 0, null, null, 1000), out var trades));
        foreach (var t in trades)
        {
            Assert.Contains(t.OrderId, orderIds);
            var fill = new Fill("paper", "main", symbol, t.Side, t.PositionSide, t.Quantity, t.Price, t.Commission, "USDT", t.Id.ToString(CultureInfo.InvariantCulture), t.Time);
            Assert.Null(ledger.Apply(fill).Anomaly);
            realized[fill.Key] = realized.GetValueOrDefault(fill.Key) + t.RealizedPnl;
        }

        foreach (var row in venue.Positions(symbol))
        {
            var key = new PositionKey("paper", "main", symbol, row.PositionSide);
            var position = ledger.Find(key);
            Assert.Equal(position?.SignedQuantity ?? 0m, row.Amount);
            Assert.True(Math.Abs((position?.AverageEntryPrice ?? 0m) - row.EntryPrice) < 0.000000000001m, $"{key}: entry {row.EntryPrice} vs {position?.AverageEntryPrice}");
            Assert.True(Math.Abs((position?.RealizedPnl ?? 0m) - realized.GetValueOrDefault(key)) < 0.000000000001m, $"{key}: realized");
        }
    }
}
