using Tally.Core;
using Tally.Storage;

namespace Tally.Storage.Tests;

public abstract partial class FillStoreContract
{
    private static FundingPayment Funding(string id, decimal amount, int minute, string symbol = "BTCUSDT", PositionSide side = PositionSide.Both, string asset = "USDT") =>
        new(Fills.Venue, Fills.Account, symbol, side, asset, amount, Fills.At(minute), id);

    private static IncomingFunding[] OfferFunding(params FundingPayment[] payments) => [.. payments.Select(p => new IncomingFunding(p))];

    [Fact]
    public async Task Funding_is_booked_against_its_position_apart_from_trading_pnl()
    {
        var (_, log) = await NewLogAsync();
        await log.IngestAsync(Fills.Offer(Fills.Buy("t1", 1m, 100m, 1), Fills.Sell("t2", 1m, 120m, 600)), Ct);

        // Paid 0.25 at minute 480, received 0.1 at minute 960 (after the close): −0.15 in all.
        var report = await log.IngestFundingAsync(OfferFunding(Funding("f1", -0.25m, 480), Funding("f2", 0.1m, 960)), null, Ct);

        Assert.Equal([IngestStatus.Stored, IngestStatus.Stored], report.Statuses);
        var position = (await log.SnapshotAsync(Ct)).Find(Btc)!;
        Assert.Equal([new AssetAmount("USDT", -0.15m)], position.Funding);
        Assert.Equal(20m, position.RealizedPnl);
        Assert.Equal(20m, position.NetPnl);
        Assert.Equal(Fills.At(600), position.LastUpdate);        // funding moves no last-update time
        var stored = await StoreOf(log).ReadFundingAsync(new FundingQuery(), Ct);
        Assert.Equal(["f1", "f2"], stored.Select(s => s.Payment.FundingId));
        Assert.Equal(Funding("f1", -0.25m, 480), stored[0].Payment);
        Assert.Equal(Now, stored[0].IngestedAt);
        await AssertConsistentAsync(log);
    }

    /// <summary>
    /// A key whose first fill has a time and a later one none folds in log order, so a payment comes after all its
    /// fills whatever its time: the live split and a replay's agree (a replay once read the key as in venue order,
    /// because its first fill in log order has a time, and booked the payment before it).
    /// </summary>
    [Fact]
    public async Task Funding_on_a_key_in_log_order_is_split_after_its_fills_live_and_in_a_replay()
    {
        var (_, log) = await NewLogAsync();
        await log.IngestAsync(Fills.Offer(Fills.Buy("t1", 1m, 100m, 5), Fills.Buy("t2", 3m, 100m, 6) with { Timestamp = null }), Ct);

        await log.IngestFundingAsync(OfferFunding(Funding("f1", -0.4m, 2)), null, Ct);

        var positions = await StoreOf(log).ReadStrategyPositionsAsync(new StrategyPositionQuery(), Ct);
        Assert.Equal([[new AssetAmount("USDT", -0.1m)], [new AssetAmount("USDT", -0.3m)]], positions.OrderBy(p => p.StrategyPositionId, StringComparer.Ordinal).Select(p => p.Funding));
        await AssertConsistentAsync(log);
    }

    [Fact]
    public async Task Funding_sent_again_is_acknowledged_and_a_different_one_under_the_same_id_is_quarantined_with_its_fields()
    {
        var (_, log) = await NewLogAsync();
        await log.IngestFundingAsync(OfferFunding(Funding("f1", -0.25m, 480)), null, Ct);

        var report = await log.IngestFundingAsync(
            [new IncomingFunding(Funding("f1", -0.25m, 480)), new IncomingFunding(Funding("f1", -0.3m, 481), Raw: "{\"tranId\":1}")],
            null,
            Ct);

        Assert.Equal([IngestStatus.AlreadyPresent, IngestStatus.Quarantined], report.Statuses);
        var entry = Assert.Single(await StoreOf(log).ReadQuarantineAsync(Ct));
        Assert.Equal(QuarantineEntry.FundingSource, entry.Source);
        Assert.Equal("f1", entry.TradeId);
        Assert.Equal("BTCUSDT", entry.Symbol);
        Assert.Contains("amount -0.25 vs -0.3", entry.Reason, StringComparison.Ordinal);
        Assert.Contains($"time {Fills.At(480).ToUnixTimeMilliseconds()} vs {Fills.At(481).ToUnixTimeMilliseconds()}", entry.Reason, StringComparison.Ordinal);
        Assert.Equal("{\"tranId\":1}", entry.Payload);
        Assert.Equal([new AssetAmount("USDT", -0.25m)], (await log.SnapshotAsync(Ct)).Find(Btc)!.Funding);
        Assert.Single(await StoreOf(log).ReadFundingAsync(new FundingQuery(), Ct));
        await AssertConsistentAsync(log);
    }

    [Fact]
    public async Task Funding_commits_with_its_checkpoint_and_a_funding_checkpoint_lives_beside_the_trade_checkpoint()
    {
        var (_, log) = await NewLogAsync();
        var trades = new SyncCheckpoint(Fills.Venue, Fills.Account, "BTCUSDT", "t1", Fills.At(1), Now);
        var funding = new SyncCheckpoint(Fills.Venue, Fills.Account, "BTCUSDT", "7001", Fills.At(480), Now, SyncCheckpointKind.Funding);
        await log.IngestAsync(Fills.Offer(Fills.Buy("t1", 1m, 100m, 1)), [trades], Ct);

        await log.IngestFundingAsync(OfferFunding(Funding("7001", -0.25m, 480)), [funding], Ct);

        Assert.Equal([funding, trades], await StoreOf(log).ReadCheckpointsAsync(Ct));   // by venue, account, symbol, kind
    }

    [Fact]
    public async Task Replay_restart_and_a_late_fill_keep_the_funding()
    {
        var database = await CreateDatabaseAsync();
        var hedgeLong = Btc with { PositionSide = PositionSide.Long };
        await using (var before = await OpenLogAsync(database))
        {
            await before.IngestAsync(Fills.Offer(LateFillExample[0], LateFillExample[2]), Ct);
            await before.IngestFundingAsync(OfferFunding(Funding("f1", -0.5m, 2), Funding("f2", 0.2m, 3, side: PositionSide.Long, asset: "BNB")), null, Ct);
        }

        var log = await OpenLogAsync(database);
        Assert.Equal([new AssetAmount("USDT", -0.5m)], (await log.SnapshotAsync(Ct)).Find(Btc)!.Funding);
        await log.IngestAsync(Fills.Offer(LateFillExample[1]), Ct);          // re-folds the key

        var position = (await log.SnapshotAsync(Ct)).Find(Btc)!;
        Assert.Equal(15m, position.RealizedPnl);
        Assert.Equal([new AssetAmount("USDT", -0.5m)], position.Funding);
        Assert.Equal([new AssetAmount("BNB", 0.2m)], (await log.SnapshotAsync(Ct)).Find(hedgeLong)!.Funding);   // a key with funding only
        Assert.False((await log.SnapshotAsync(Ct)).Find(hedgeLong)!.IsOpen);
        var (atTwo, _) = await log.ReplayAsync(Fills.At(2), Ct);
        Assert.Equal([new AssetAmount("USDT", -0.5m)], atTwo.Find(Btc)!.Funding);
        Assert.Null(atTwo.Find(hedgeLong));
        await AssertConsistentAsync(log);
    }

    [Fact]
    public async Task Funding_can_be_read_per_venue_account_and_symbol()
    {
        var (_, log) = await NewLogAsync();
        await log.IngestFundingAsync(
            OfferFunding(Funding("f1", -1m, 1), Funding("f2", -2m, 2, "ETHUSDT"), Funding("f3", 3m, 3) with { Account = "sub" }),
            null,
            Ct);

        Assert.Equal(["f1", "f3"], (await StoreOf(log).ReadFundingAsync(new FundingQuery(Symbol: "BTCUSDT"), Ct)).Select(f => f.Payment.FundingId));
        Assert.Equal(["f1", "f2"], (await StoreOf(log).ReadFundingAsync(new FundingQuery(Venue: Fills.Venue, Account: Fills.Account), Ct)).Select(f => f.Payment.FundingId));
        Assert.Equal(["f3"], (await StoreOf(log).ReadFundingAsync(new FundingQuery(Account: "sub", Symbol: "BTCUSDT"), Ct)).Select(f => f.Payment.FundingId));
        Assert.Empty(await StoreOf(log).ReadFundingAsync(new FundingQuery(Venue: "bybit"), Ct));
    }

    [Fact]
    public async Task Funding_for_an_unknown_symbol_or_without_an_asset_is_rejected_and_quarantined_and_the_rest_of_the_batch_is_booked()
    {
        var (_, log) = await NewLogAsync();

        var report = await log.IngestFundingAsync(OfferFunding(Funding("f1", 1m, 1), Funding("f2", 1m, 1, "XYZ"), Funding("f3", 1m, 1, asset: "")), null, Ct);

        Assert.Equal([IngestStatus.Stored, IngestStatus.Rejected, IngestStatus.Rejected], report.Statuses);
        Assert.Equal(
            [new IngestRejection(1, new FillRejection("symbol", "XYZ", FillRules.UnknownSymbol)), new IngestRejection(2, new FillRejection("asset", "", "is empty"))],
            report.Rejected);
        Assert.Equal(["f1"], (await log.ReadFundingAsync(new FundingQuery(), Ct)).Select(f => f.Payment.FundingId));
        Assert.Equal([new AssetAmount("USDT", 1m)], (await log.SnapshotAsync(Ct)).Find(Btc)!.Funding);
        var quarantined = await log.ReadQuarantineAsync(Ct);
        Assert.Equal(["f2", "f3"], quarantined.Select(q => q.TradeId));
        Assert.All(quarantined, q => Assert.Equal(QuarantineEntry.FundingSource, q.Source));
        Assert.Contains("symbol \"XYZ\" has no known quote asset", quarantined[0].Reason, StringComparison.Ordinal);
        await AssertConsistentAsync(log);
    }

    [Fact]
    public async Task A_raw_payload_is_quarantined_with_its_source_and_touches_no_position()
    {
        var (_, log) = await NewLogAsync();
        await log.IngestAsync(Fills.Offer(Fills.Buy("t1", 1m, 100m, 1)), Ct);
        var before = LedgerAssert.States(await StoreOf(log).ReadPositionsAsync(Ct));

        await log.QuarantineRawAsync(Fills.Venue, Fills.Account, "ws:ORDER_TRADE_UPDATE", "{\"e\":\"ORDER_TRADE_UPDATE\",\"o\":{}}", "o.t: missing trade id", Ct);

        var entry = Assert.Single(await StoreOf(log).ReadQuarantineAsync(Ct));
        Assert.Equal(
            (Fills.Venue, Fills.Account, (string?)null, (string?)null, "ws:ORDER_TRADE_UPDATE", "o.t: missing trade id", "{\"e\":\"ORDER_TRADE_UPDATE\",\"o\":{}}", Now),
            (entry.Venue, entry.Account, entry.Symbol, entry.TradeId, entry.Source, entry.Reason, entry.Payload, entry.ReceivedAt));
        LedgerAssert.Same(before, LedgerAssert.States(await StoreOf(log).ReadPositionsAsync(Ct)), "the stored positions");
        Assert.Equal(1, await StoreOf(log).CountFillsAsync(Ct));
    }

    [Fact]
    public async Task A_conflicting_fill_is_quarantined_with_the_fill_source()
    {
        var (_, log) = await NewLogAsync();
        await log.IngestAsync(Fills.Offer(Fills.Buy("t1", 1m, 100m, 1)), Ct);

        await log.IngestAsync(Fills.Offer(Fills.Buy("t1", 1m, 101m, 1)), Ct);

        Assert.Equal(QuarantineEntry.FillSource, Assert.Single(await StoreOf(log).ReadQuarantineAsync(Ct)).Source);
    }
}
