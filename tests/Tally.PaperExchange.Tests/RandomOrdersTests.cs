using System.Globalization;
using System.Net;
using System.Text.Json;
using Tally.Core;

namespace Tally.PaperExchange.Tests;

/// <summary>
/// 200 random MARKET orders over three symbols, then what a connector would do: page userTrades and read
/// positionRisk. The paper exchange's realized PnL is checked against an independent fold with Tally.Core.Ledger.
/// </summary>
public sealed class RandomOrdersTests
{
    // Quantities in whole steps, chosen so every order clears the symbol's minimum notional.
    private static readonly (string Symbol, decimal Step, int MinSteps, int MaxSteps)[] Markets =
    [
        ("BTCUSDT", 0.001m, 2, 10),
        ("ETHUSDT", 0.001m, 10, 200),
        ("SOLUSDT", 0.01m, 10, 200),
    ];

    [Fact]
    public async Task Paged_user_trades_are_complete_contiguous_and_fold_to_the_exchanges_pnl_and_positions()
    {
        await using var x = await ExchangeFixture.StartAsync();
        var random = new Random(20260101);
        var orderIds = Markets.ToDictionary(m => m.Symbol, _ => new HashSet<long>());
        for (var i = 0; i < 200; i++)
        {
            // 60 % BTC, 25 % ETH, 15 % SOL: BTC gets more than one page of 100.
            var pick = random.Next(100);
            var (symbol, step, minSteps, maxSteps) = Markets[pick < 60 ? 0 : pick < 85 ? 1 : 2];
            var quantity = step * random.Next(minSteps, maxSteps + 1);
            var side = random.Next(2) == 0 ? "BUY" : "SELL";
            var respType = i % 2 == 0 ? "RESULT" : "ACK";
            var body = $"symbol={symbol}&side={side}&type=MARKET&quantity={quantity.ToString(CultureInfo.InvariantCulture)}&newClientOrderId=t{i}&newOrderRespType={respType}";
            using var response = await x.Client.SignedPostAsync("fapi/v1/order", body);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var order = await PaperClient.JsonAsync(response);
            Assert.Equal($"t{i}", order.GetProperty("clientOrderId").GetString());
            Assert.Equal(respType == "RESULT" ? "FILLED" : "NEW", order.GetProperty("status").GetString());
            Assert.Equal(quantity, PaperClient.Dec(order, "origQty"));
            Assert.True(orderIds[symbol].Add(order.GetProperty("orderId").GetInt64()));
            x.Clock.Advance(TimeSpan.FromMilliseconds(random.Next(1, 2000)));
        }

        var ledger = new Ledger();
        var anyRealized = false;
        decimal allNet = 0;
        var allTrades = 0;
        foreach (var (symbol, _, _, _) in Markets)
        {
            var (trades, pages) = await PageAsync(x.Client, symbol, 100);

            // Smaller pages walk more fromId steps and must give the very same rows.
            var (again, smallPages) = await PageAsync(x.Client, symbol, 7);
            Assert.Equal(trades.Select(t => t.GetRawText()), again.Select(t => t.GetRawText()));
            Assert.Equal((again.Count / 7) + 1, smallPages);
            if (symbol == "BTCUSDT")
            {
                Assert.True(pages >= 2, $"BTCUSDT had {trades.Count} trades in {pages} page(s); the fromId walk was not exercised");
            }

            // Complete: one fill per MARKET order in this slice, and every order id is ours.
            Assert.Equal(orderIds[symbol].Count, trades.Count);
            Assert.Equal(orderIds[symbol], trades.Select(t => t.GetProperty("orderId").GetInt64()).ToHashSet());

            // Contiguous and ascending, ids and times.
            var ids = trades.Select(t => t.GetProperty("id").GetInt64()).ToList();
            Assert.Equal(Enumerable.Range(0, ids.Count).Select(k => ids[0] + k), ids);
            var times = trades.Select(t => t.GetProperty("time").GetInt64()).ToList();
            Assert.Equal(times.Order(), times);

            decimal wireRealized = 0, wireFees = 0, netQuantity = 0;
            foreach (var t in trades)
            {
                var side = t.GetProperty("side").GetString() == "BUY" ? Side.Buy : Side.Sell;
                var qty = PaperClient.Dec(t, "qty");
                var price = PaperClient.Dec(t, "price");
                var fee = PaperClient.Dec(t, "commission");
                Assert.Equal("USDT", t.GetProperty("commissionAsset").GetString());
                Assert.Equal("BOTH", t.GetProperty("positionSide").GetString());
                Assert.Equal(side == Side.Buy, t.GetProperty("buyer").GetBoolean());
                Assert.Equal(Math.Round(price * qty * 0.0004m, 8), fee);
                Assert.Equal(price * qty, PaperClient.Dec(t, "quoteQty"));
                wireRealized += PaperClient.Dec(t, "realizedPnl");
                wireFees += fee;
                netQuantity += side == Side.Buy ? qty : -qty;
                anyRealized |= PaperClient.Dec(t, "realizedPnl") != 0;
                ledger.Apply(new Fill(
                    "paper",
                    "main",
                    symbol,
                    side,
                    PositionSide.Both,
                    qty,
                    price,
                    fee,
                    "USDT",
                    t.GetProperty("id").GetInt64().ToString(CultureInfo.InvariantCulture),
                    DateTimeOffset.FromUnixTimeMilliseconds(t.GetProperty("time").GetInt64()),
                    t.GetProperty("orderId").GetInt64().ToString(CultureInfo.InvariantCulture)));
            }

            var position = ledger.Find(new PositionKey("paper", "main", symbol, PositionSide.Both))!;
            allNet += position.NetPnl;
            allTrades += trades.Count;

            // Each wire realizedPnl is rounded to 8 places, so the sums may differ by half a unit per fill.
            var tolerance = trades.Count * 0.000000005m;
            Assert.True(Math.Abs(wireRealized - position.RealizedPnl) <= tolerance, $"{symbol}: wire Σ realizedPnl {wireRealized}, ledger {position.RealizedPnl}");
            Assert.Equal(wireFees, position.SettlementFees);

            using var risk = await x.Client.SignedGetAsync("fapi/v2/positionRisk", $"symbol={symbol}");
            var row = Assert.Single((await PaperClient.JsonAsync(risk)).EnumerateArray());
            Assert.Equal("BOTH", row.GetProperty("positionSide").GetString());
            Assert.Equal(netQuantity, PaperClient.Dec(row, "positionAmt"));
            Assert.Equal(position.SignedQuantity, PaperClient.Dec(row, "positionAmt"));
            var entry = PaperClient.Dec(row, "entryPrice");
            Assert.True(Math.Abs(entry - (position.AverageEntryPrice ?? 0m)) <= 0.00000001m, $"{symbol}: entryPrice {entry}, ledger {position.AverageEntryPrice}");
            var mark = PaperClient.Dec(row, "markPrice");
            Assert.True(Math.Abs(PaperClient.Dec(row, "unRealizedProfit") - position.UnrealizedPnl(mark)) <= 0.0001m);
        }

        // The wallet moved by exactly the ledger's net PnL (realized − fees), up to the wire's 8-place rounding.
        using (var balance = await x.Client.SignedGetAsync("fapi/v2/balance", string.Empty))
        {
            var usdt = Assert.Single((await PaperClient.JsonAsync(balance)).EnumerateArray());
            Assert.Equal("USDT", usdt.GetProperty("asset").GetString());
            var wallet = PaperClient.Dec(usdt, "balance");
            Assert.True(Math.Abs(wallet - (10_000m + allNet)) <= (allTrades + 1) * 0.000000005m, $"wallet {wallet}, ledger 10000 + {allNet}");
        }

        Assert.True(anyRealized, "200 random orders should have realized some PnL; the test would prove nothing otherwise");
    }

    /// <summary>First page by startTime, then fromId = last id + 1 until a page has fewer than <paramref name="limit"/> rows.</summary>
    private static async Task<(List<JsonElement> Trades, int Pages)> PageAsync(PaperClient client, string symbol, int limit)
    {
        var all = new List<JsonElement>();
        var pages = 0;
        var query = $"symbol={symbol}&startTime={ExchangeFixture.Start.ToUnixTimeMilliseconds()}&limit={limit}";
        while (true)
        {
            using var response = await client.SignedGetAsync("fapi/v1/userTrades", query);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var page = (await PaperClient.JsonAsync(response)).EnumerateArray().ToList();
            Assert.True(page.Count <= limit);
            pages++;
            if (all.Count > 0 && page.Count > 0)
            {
                Assert.Equal(all[^1].GetProperty("id").GetInt64() + 1, page[0].GetProperty("id").GetInt64());
            }

            all.AddRange(page);
            if (page.Count < limit)
            {
                return (all, pages);
            }

            query = $"symbol={symbol}&fromId={page[^1].GetProperty("id").GetInt64() + 1}&limit={limit}";
        }
    }
}
