using Tally.Core;
using Tally.Storage;

namespace Tally.Storage.Tests;

public abstract partial class FillStoreContract
{
    [Fact]
    public async Task A_failed_commit_whose_reload_fails_too_faults_the_log_until_it_is_reopened()
    {
        var database = await CreateDatabaseAsync();
        OutageStore? store = null;
        var log = await OpenLogAsync(database, wrap: inner => store = new OutageStore(inner));
        await log.IngestAsync(Fills.Offer(Fills.Buy("t1", 1m, 100m, 1)), Ct);
        store!.GoDownAtNextCommit();

        // t2 and t3 are folded in memory before the commit fails; the reload that would undo that fails too.
        var failure = await Assert.ThrowsAsync<IOException>(() => log.IngestAsync(Fills.Offer(Fills.Buy("t2", 2m, 101m, 2), Fills.Sell("t3", 1m, 3000m, 3, "ETHUSDT")), Ct));

        Assert.Equal(OutageStore.CommitFailure, failure.Message);   // the caller sees the first failure, not the reload's
        Assert.True(log.IsFaulted);
        var refused = await Assert.ThrowsAsync<FillLogFaultedException>(() => log.IngestAsync(Fills.Offer(Fills.Buy("t4", 1m, 100m, 4)), Ct));
        Assert.Same(failure, refused.InnerException);
        Assert.Equal(OutageStore.DownFailure, refused.ReloadFailure?.Message);
        Assert.Contains("must be reopened", refused.Message, StringComparison.Ordinal);

        // Back up, the store is fine, but this log's memory may be ahead of it: it answers nothing until reopened.
        store.ComeBack();
        await Assert.ThrowsAsync<FillLogFaultedException>(() => log.IngestFundingAsync([], Ct));
        await Assert.ThrowsAsync<FillLogFaultedException>(() => log.PositionsAsync(at: null, Ct));
        await Assert.ThrowsAsync<FillLogFaultedException>(() => log.SnapshotAsync(Ct));
        await Assert.ThrowsAsync<FillLogFaultedException>(() => log.VerifyAsync(Ct));
        await Assert.ThrowsAsync<FillLogFaultedException>(() => log.CountFillsAsync(Ct));
        await Assert.ThrowsAsync<FillLogFaultedException>(() => log.ReplayAsync(until: null, Ct));
        await Assert.ThrowsAsync<FillLogFaultedException>(() => log.QuarantineRawAsync(Fills.Venue, Fills.Account, "rest", "{}", "garbled", Ct));

        var reopened = await OpenLogAsync(database);
        Assert.Equal(["t1"], (await ReadFillsAsync(StoreOf(reopened))).Select(f => f.Fill.TradeId));
        Assert.Equal(1m, Assert.Single(await reopened.PositionsAsync(at: null, Ct)).SignedQuantity);
        await AssertConsistentAsync(reopened);
    }

    [Fact]
    public async Task A_failed_commit_whose_reload_works_leaves_the_log_serving_what_the_store_holds()
    {
        var database = await CreateDatabaseAsync();
        OutageStore? store = null;
        var log = await OpenLogAsync(database, wrap: inner => store = new OutageStore(inner));
        await log.IngestAsync(Fills.Offer(Fills.Buy("t1", 1m, 100m, 1)), Ct);
        var before = LedgerAssert.States(await log.SnapshotAsync(Ct));
        store!.GoDownAtNextCommit(stayDown: false);

        var failure = await Assert.ThrowsAsync<IOException>(() => log.IngestAsync(Fills.Offer(Fills.Buy("t2", 2m, 101m, 2)), Ct));

        Assert.Equal(OutageStore.CommitFailure, failure.Message);
        Assert.False(log.IsFaulted);
        LedgerAssert.Same(before, LedgerAssert.States(await log.SnapshotAsync(Ct)), "the live ledger after the failed commit");
        Assert.Equal([IngestStatus.Stored], (await log.IngestAsync(Fills.Offer(Fills.Buy("t2", 2m, 101m, 2)), Ct)).Statuses);
        await AssertConsistentAsync(log);
    }
}
