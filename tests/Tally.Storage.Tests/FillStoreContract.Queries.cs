using Tally.Core;
using Tally.Storage;

namespace Tally.Storage.Tests;

public abstract partial class FillStoreContract
{
    [Fact]
    public async Task Positions_at_a_time_fold_only_the_fills_up_to_and_including_that_time()
    {
        var (_, log) = await NewLogAsync();
        // Worked example on ETHUSDT at minutes 1..4, plus a BTCUSDT buy at minute 3 and one at minute 10.
        await log.IngestAsync(Fills.Offer(Fills.WorkedExample().Take(2)), Ct);
        await log.IngestAsync(Fills.Offer(Fills.Buy("b1", 0.1m, 60000m, 3), Fills.Buy("b2", 0.2m, 61000m, 10)), Ct);
        await log.IngestAsync(Fills.Offer(Fills.WorkedExample().Skip(2)), Ct);

        Assert.Empty(await log.PositionsAsync(Fills.At(0), Ct));

        // After minute 2: long 1.5 ETH, A = (3000 + 1550) / 1.5 = 3033.33…, nothing realized; no BTC yet.
        var atTwo = Assert.Single(await log.PositionsAsync(Fills.At(2).AddSeconds(59), Ct));
        Assert.Equal("ETHUSDT", atTwo.Key.Symbol);
        Assert.Equal(1.5m, atTwo.SignedQuantity);
        Assert.Equal(4550m, atTwo.CostBasis);
        Assert.Equal(3033.3333333333333333333333333m, atTwo.AverageEntryPrice);
        Assert.Equal(0m, atTwo.RealizedPnl);

        // At minute 3 exactly (inclusive): sell 0.5 @ 3200 realized (3200 − 3033.33…)·0.5 = 83.33… to 18 places; BTC 0.1 held.
        var atThree = await log.PositionsAsync(Fills.At(3), Ct);
        Assert.Equal(["BTCUSDT", "ETHUSDT"], atThree.Select(p => p.Key.Symbol));
        Assert.Equal(0.1m, atThree[0].SignedQuantity);
        Assert.Equal(1.0m, atThree[1].SignedQuantity);
        Assert.Equal(83.333333333333333333m, atThree[1].RealizedPnl);
        Assert.Equal(3033.3333333333333333333333333m, atThree[1].AverageEntryPrice);

        // At minute 4: ETH closed, 200 realized in all; the BTC buy at minute 10 is still in the future.
        var atFour = await log.PositionsAsync(Fills.At(4), Ct);
        Assert.Equal(0.1m, atFour[0].SignedQuantity);
        Assert.Equal(0m, atFour[1].SignedQuantity);
        Assert.Equal(200m, atFour[1].RealizedPnl);

        // Every "as of" equals a fresh fold of exactly the fills with ts <= T.
        var all = Fills.WorkedExample().Concat([Fills.Buy("b1", 0.1m, 60000m, 3), Fills.Buy("b2", 0.2m, 61000m, 10)]).ToList();
        foreach (var minute in new[] { 1, 2, 3, 4, 9, 10, 11 })
        {
            var expected = LedgerAssert.Fold(all.Where(f => f.Timestamp <= Fills.At(minute)).OrderBy(f => f.Timestamp));
            var actual = await log.PositionsAsync(Fills.At(minute), Ct);
            LedgerAssert.Same(LedgerAssert.States(expected), actual.ToDictionary(p => p.Key, p => p.Capture()), $"positions at minute {minute}");
        }

        Assert.Equal(0.3m, (await log.PositionsAsync(at: null, Ct))[0].SignedQuantity);
    }

    [Fact]
    public async Task Recent_trades_come_newest_first_filtered_by_symbol_and_venue_and_limited()
    {
        var (_, log) = await NewLogAsync();
        await log.IngestAsync(Fills.Offer(Fills.Buy("r1", 1m, 100m, 1), Fills.Buy("r2", 1m, 3000m, 2, "ETHUSDT")), Ct);
        await log.IngestAsync(Fills.Offer(Fills.Sell("r3", 1m, 101m, 3) with { Venue = "bybit" }), Ct);
        await log.IngestAsync(Fills.Offer(Fills.Buy("r4", 2m, 102m, 4), Fills.Sell("r5", 3m, 103m, 5)), Ct);

        async Task<string> Recent(string? symbol, string? venue, int limit) =>
            string.Join(" ", (await log.RecentTradesAsync(symbol, venue, limit, Ct)).Select(f => f.Fill.TradeId));

        Assert.Equal("r5 r4 r3 r2 r1", await Recent(null, null, 100));
        Assert.Equal("r5 r4 r3 r1", await Recent("BTCUSDT", null, 100));
        Assert.Equal("r5 r4", await Recent("BTCUSDT", "binance", 2));
        Assert.Equal("r3", await Recent(null, "bybit", 100));
        Assert.Equal("r2", await Recent("ETHUSDT", "binance", 100));
        Assert.Equal(string.Empty, await Recent("SOLUSDT", null, 100));
        Assert.Equal(string.Empty, await Recent(null, null, 0));
    }

    [Fact]
    public async Task A_stored_fill_reads_back_with_every_field_and_what_folding_it_did()
    {
        var (_, log) = await NewLogAsync();
        var open = Fills.Buy("f1", 2m, 100m, 1, fee: 0.002m, feeAsset: "BNB") with
        {
            OrderId = "o-77",
            ClientOrderId = "c-77",
            Strategy = "breakout",
            FeeConversionPrice = 612.5m,
        };
        var reduce = Fills.Sell("f2", 0.5m, 130m, 2) with { OrderId = null };
        Time.Advance(TimeSpan.FromMilliseconds(250));

        await log.IngestAsync([new IncomingFill(open, Raw: "{\"id\":\"f1\"}"), new IncomingFill(reduce)], Ct);

        var stored = await ReadFillsAsync(StoreOf(log));
        Assert.Equal(2, stored.Count);
        Assert.True(stored[0].Seq < stored[1].Seq);
        Assert.Equal(open, stored[0].Fill);
        Assert.Equal(reduce, stored[1].Fill);
        Assert.Equal("{\"id\":\"f1\"}", stored[0].Raw);
        Assert.Null(stored[1].Raw);
        Assert.All(stored, f => Assert.Equal(Now.AddMilliseconds(250), f.IngestedAt));
        Assert.All(stored, f => Assert.True(f.Processed));
        Assert.Equal((PositionAction.LongOpened, 0m, 2m, -200m), (stored[0].Action, stored[0].RealizedPnl, stored[0].P1Delta, stored[0].P2Delta));
        Assert.Equal((PositionAction.LongReduced, 15m, -0.5m, 65m), (stored[1].Action, stored[1].RealizedPnl, stored[1].P1Delta, stored[1].P2Delta));
    }

    /// <summary>
    /// Hand-computed on BTCUSDT (one-way), with an ETHUSDT fill that must not count:
    /// <code>
    /// s1 buy  1   @ 100  fee 0.1   USDT  open, A = 100
    /// s2 buy  1   @ 110  fee 0.11  USDT  A = 105
    /// s3 sell 0.5 @ 120  fee 0.06  USDT  (120 − 105)·0.5 = +7.5   win
    /// s4 sell 1   @ 100  fee 0.01  BNB   (100 − 105)·1   = −5     loss
    /// s5 sell 0.5 @ 90   fee 0.045 USDT  (90 − 105)·0.5  = −7.5   loss, closed
    /// s6 buy  2   @ 95   fee 0.19  USDT  open, A = 95
    /// s7 sell 3   @ 100  fee 0.3   USDT  flip: (100 − 95)·2 = +10 win, short 1 opened
    /// </code>
    /// 7 fills, 3 buys, 4 sells, volume 9, notional 100+110+60+100+45+190+300 = 905, fees 0.805 USDT and
    /// 0.01 BNB, realized +5, 2 wins and 2 losses (rate 0.5), average win 8.75, average loss −6.25, largest
    /// win 10, largest loss −7.5. Since minute 3 (s3..s7): 5 fills, 1 buy, volume 7, notional 695, fees
    /// 0.595 USDT and 0.01 BNB, realized +5 from the same four decided fills.
    /// </summary>
    [Fact]
    public async Task Statistics_are_computed_from_the_stored_fills()
    {
        var (_, log) = await NewLogAsync();
        await log.IngestAsync(Fills.Offer(Fills.Buy("s1", 1m, 100m, 1, fee: 0.1m), Fills.Buy("s2", 1m, 110m, 2, fee: 0.11m)), Ct);
        await log.IngestAsync(Fills.Offer(Fills.Buy("e1", 5m, 3000m, 2, "ETHUSDT", fee: 3m)), Ct);
        await log.IngestAsync(Fills.Offer(Fills.Sell("s3", 0.5m, 120m, 3, fee: 0.06m), Fills.Sell("s4", 1m, 100m, 4, fee: 0.01m, feeAsset: "BNB")), Ct);
        await log.IngestAsync(Fills.Offer(Fills.Sell("s5", 0.5m, 90m, 5, fee: 0.045m), Fills.Buy("s6", 2m, 95m, 6, fee: 0.19m), Fills.Sell("s7", 3m, 100m, 7, fee: 0.3m)), Ct);

        var all = await log.StatisticsAsync("BTCUSDT", since: null, Ct);

        Assert.Equal(("BTCUSDT", (DateTimeOffset?)null), (all.Symbol, all.Since));
        Assert.Equal((7, 3, 4), (all.Count, all.Buys, all.Sells));
        Assert.Equal(9m, all.Volume);
        Assert.Equal(905m, all.Notional);
        Assert.Equal([new AssetAmount("USDT", 0.805m), new AssetAmount("BNB", 0.01m)], all.Fees);
        Assert.Equal(5m, all.RealizedPnl);
        Assert.Equal((2, 2), (all.Wins, all.Losses));
        Assert.Equal(0.5m, all.WinRate);
        Assert.Equal(8.75m, all.AverageWin);
        Assert.Equal(-6.25m, all.AverageLoss);
        Assert.Equal(10m, all.LargestWin);
        Assert.Equal(-7.5m, all.LargestLoss);

        var recent = await log.StatisticsAsync("BTCUSDT", since: Fills.At(3), Ct);

        Assert.Equal((5, 1, 4), (recent.Count, recent.Buys, recent.Sells));
        Assert.Equal(7m, recent.Volume);
        Assert.Equal(695m, recent.Notional);
        Assert.Equal([new AssetAmount("USDT", 0.595m), new AssetAmount("BNB", 0.01m)], recent.Fees);
        Assert.Equal(5m, recent.RealizedPnl);
        Assert.Equal(0.5m, recent.WinRate);
    }

    [Fact]
    public async Task Statistics_of_a_symbol_without_fills_are_empty()
    {
        var (_, log) = await NewLogAsync();

        var none = await log.StatisticsAsync("SOLUSDT", since: null, Ct);

        Assert.Equal((0, 0m, 0m), (none.Count, none.Volume, none.RealizedPnl));
        Assert.Empty(none.Fees);
        Assert.Null(none.WinRate);
        Assert.Null(none.AverageWin);
        Assert.Null(none.LargestLoss);
    }
}
