using System.Globalization;
using System.Net;
using Microsoft.Extensions.Time.Testing;
using Tally.Core;

namespace Tally.PaperExchange.Tests;

/// <summary>Pre-loaded history: exactly N past fills, all before start, that fold to the venue's positions and wallet.</summary>
public sealed class HistoryTests
{
    private static readonly DateTimeOffset Start = ExchangeFixture.Start;

    private static List<PaperTrade> AllTrades(PaperVenue venue, string symbol)
    {
        var all = new List<PaperTrade>();
        long fromId = 0;
        while (true)
        {
            Assert.Null(venue.TryGetTrades(new TradeQuery(symbol, null, fromId, null, null, 100), out var page));
            all.AddRange(page);
            if (page.Count < 100)
            {
                return all;
            }

            fromId = page[^1].Id + 1;
        }
    }

    [Theory]
    [InlineData(PositionMode.OneWay)]
    [InlineData(PositionMode.Hedge)]
    public void History_is_exactly_n_fills_before_start_that_fold_to_the_positions_and_the_wallet(PositionMode mode)
    {
        var venue = new PaperVenue(new PaperExchangeOptions { Seed = 7, PositionMode = mode, TimeProvider = new FakeTimeProvider(Start), HistoricalTrades = 2_000 });
        var ledger = new Ledger();
        var trades = venue.Symbols.SelectMany(s => AllTrades(venue, s.Symbol)).ToList();
        Assert.Equal(2_000, trades.Count);
        Assert.Equal(2_000, trades.Select(t => t.OrderId).Distinct().Count());
        Assert.All(trades, t => Assert.InRange(t.Time, Start - TimeSpan.FromDays(30), Start - TimeSpan.FromMilliseconds(1)));
        Assert.All(trades, t => Assert.Equal(0, t.Time.UtcTicks % TimeSpan.TicksPerMillisecond));

        foreach (var group in trades.GroupBy(t => t.Symbol.Symbol))
        {
            var ids = group.Select(t => t.Id).ToList();
            Assert.Equal(Enumerable.Range(0, ids.Count).Select(i => ids[0] + i), ids);
            Assert.Equal(group.Select(t => t.Time).Order(), group.Select(t => t.Time));
        }

        foreach (var t in trades)
        {
            var fill = new Fill("paper", "main", t.Symbol.Symbol, t.Side, t.PositionSide, t.Quantity, t.Price, t.Commission, "USDT", t.Id.ToString(CultureInfo.InvariantCulture), t.Time);
            Assert.Null(ledger.Apply(fill).Anomaly);
        }

        foreach (var row in venue.Positions(null))
        {
            var position = ledger.Find(new PositionKey("paper", "main", row.Symbol.Symbol, row.PositionSide));
            Assert.Equal(position?.SignedQuantity ?? 0m, row.Amount);
        }

        // Equal up to the 28th digit: the wallet adds in time order, this sum in symbol order.
        Assert.Equal(10_000m, venue.WalletBalance);
        var folded = venue.OpeningBalance + trades.Sum(t => t.RealizedPnl - t.Commission);
        Assert.True(Math.Abs(folded - venue.WalletBalance) < 0.000000000000000001m, $"wallet {venue.WalletBalance} vs folded {folded}");
        Assert.Contains(venue.Positions(null), p => p.Amount != 0);
    }

    [Fact]
    public void The_same_seed_gives_the_same_history_and_live_ids_continue_after_it()
    {
        static PaperVenue Make() => new(new PaperExchangeOptions { Seed = 3, TimeProvider = new FakeTimeProvider(Start), HistoricalTrades = 300 });
        var (a, b) = (Make(), Make());
        Assert.Equal(AllTrades(a, "ETHUSDT"), AllTrades(b, "ETHUSDT"));

        var last = AllTrades(a, "ETHUSDT")[^1];
        Assert.Null(a.TryPlace(new OrderRequest("ETHUSDT", Side.Buy, OrderType.Market, null, 0.01m, null, null, null, null), out _, out var order));
        Assert.Equal(PaperVenue.FirstOrderId + 300, order.OrderId);
        Assert.Equal(last.Id + 1, AllTrades(a, "ETHUSDT")[^1].Id);
    }

    [Fact]
    public async Task User_trades_paging_over_http_returns_exactly_the_history()
    {
        await using var x = await ExchangeFixture.StartAsync(o => o.HistoricalTrades = 1_500);
        var total = 0;
        foreach (var symbol in x.Host.Venue.Symbols.Select(s => s.Symbol))
        {
            var expected = AllTrades(x.Host.Venue, symbol).Select(t => t.Id).ToList();
            var seen = new List<long>();
            long fromId = 0;
            while (true)
            {
                using var response = await x.Client.SignedGetAsync("fapi/v1/userTrades", $"symbol={symbol}&fromId={fromId}&limit=1000");
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                var page = (await PaperClient.JsonAsync(response)).EnumerateArray().Select(r => r.GetProperty("id").GetInt64()).ToList();
                seen.AddRange(page);
                if (page.Count < 1000)
                {
                    break;
                }

                fromId = page[^1] + 1;
            }

            Assert.Equal(expected, seen);
            total += seen.Count;
        }

        Assert.Equal(1_500, total);

        // Time windows find them too: the 7 days before start hold about 7/30 of them.
        using var window = await x.Client.SignedGetAsync("fapi/v1/userTrades", $"symbol=BTCUSDT&startTime={(Start - TimeSpan.FromDays(7)).ToUnixTimeMilliseconds()}&endTime={Start.ToUnixTimeMilliseconds()}&limit=1000");
        var inWindow = (await PaperClient.JsonAsync(window)).EnumerateArray().ToList();
        Assert.Equal(AllTrades(x.Host.Venue, "BTCUSDT").Count(t => t.Time >= Start - TimeSpan.FromDays(7)), inWindow.Count);
        Assert.NotEmpty(inWindow);
    }
}
