using System.Threading.Channels;
using Tally.Core;
using Tally.Core.Signals;
using Tally.Storage.Live;

namespace Tally.Storage.Tests;

/// <summary>The log's change feed: what live subscribers (dashboard, notifications) learn, and only after a commit.</summary>
public abstract partial class FillStoreContract
{
    private static List<LogChange> Drain(ChannelReader<LogChange> reader)
    {
        var changes = new List<LogChange>();
        while (reader.TryRead(out var change))
        {
            changes.Add(change);
        }

        return changes;
    }

    [Fact]
    public async Task A_committed_batch_is_published_with_what_each_new_fill_did_to_its_position()
    {
        var (_, log) = await NewLogAsync();
        var feed = log.Changes.Subscribe();

        await log.IngestAsync(Fills.Offer(Fills.Buy("t1", 2m, 100m, 1), Fills.Buy("t2", 2m, 110m, 2)), Ct);
        await log.IngestAsync(Fills.Offer(Fills.Buy("t2", 2m, 110m, 2), Fills.Sell("t3", 1m, 120m, 3), Fills.Sell("t4", 5m, 90m, 4)), Ct);

        var batches = Drain(feed).Cast<FillsCommitted>().Select(c => c.Report.Positions).ToList();
        Assert.Equal(2, batches.Count);
        Assert.Equal(
            [("t1", PositionAction.LongOpened, 0m, 2m, (decimal?)100m), ("t2", PositionAction.LongIncreased, 0m, 4m, 105m)],
            batches[0].Select(e => (e.Fill.TradeId, e.Action, e.RealizedPnl, e.SignedQuantityAfter, e.AverageEntryPriceAfter)));

        // t2 again is already present: only the new fills are reported. Selling 1 at 120 from 105 realizes +15;
        // selling 5 at 90 closes the remaining 3 (−45) and opens a short of 2: the cycle ends at +15 − 45 = −30.
        Assert.Equal(
            [("t3", PositionAction.LongReduced, 15m, 3m, (decimal?)105m), ("t4", PositionAction.LongClosedAndShortOpened, -45m, -2m, 90m)],
            batches[1].Select(e => (e.Fill.TradeId, e.Action, e.RealizedPnl, e.SignedQuantityAfter, e.AverageEntryPriceAfter)));
        Assert.Null(batches[1][0].ClosedCycle);
        Assert.Equal(-30m, batches[1][1].ClosedCycle!.RealizedPnl);
    }

    [Fact]
    public async Task A_rolled_back_batch_publishes_nothing()
    {
        var database = await CreateDatabaseAsync();
        OutageStore? store = null;
        var log = await OpenLogAsync(database, wrap: inner => store = new OutageStore(inner));
        var feed = log.Changes.Subscribe();
        store!.GoDownAtNextCommit(stayDown: false);

        await Assert.ThrowsAsync<IOException>(() => log.IngestAsync(Fills.Offer(Fills.Buy("t1", 1m, 100m, 1)), Ct));

        Assert.Empty(Drain(feed));
    }

    [Fact]
    public async Task A_signal_is_published_once_however_often_it_is_recorded()
    {
        var (_, log) = await NewLogAsync();
        var feed = log.Changes.Subscribe();
        var signal = new StoredSignal(
            new Signal("s-1", "A", "BTCUSDT", SignalAction.Buy, 0.8m, Fills.At(1), Venue: Fills.Venue, Account: Fills.Account),
            SignalDecision.Accept("no active signal in conflict"),
            Fills.At(1),
            EntryClientOrderId: null);

        await log.RecordSignalAsync(signal, [], Ct);
        await log.RecordSignalAsync(signal, [], Ct);

        Assert.Equal(["s-1"], Drain(feed).Cast<SignalRecorded>().Select(c => c.Signal.Signal.SignalId));
    }

    [Fact]
    public void A_slow_subscriber_loses_the_oldest_changes_and_they_are_counted()
    {
        var feed = new ChangeFeed(capacity: 2);
        var reader = feed.Subscribe();
        var at = DateTimeOffset.UnixEpoch;

        for (var i = 0; i < 5; i++)
        {
            feed.Publish(new RiskJournalled(at.AddSeconds(i), [], null));
        }

        Assert.Equal([at.AddSeconds(3), at.AddSeconds(4)], Drain(reader).Select(c => c.At));
        Assert.Equal(3, feed.Dropped);
    }
}
