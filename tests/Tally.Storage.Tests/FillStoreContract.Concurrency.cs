using Tally.Core;
using Tally.Storage;

namespace Tally.Storage.Tests;

/// <summary>
/// Several writers on one store: each log here has its own store object and connections, which is all the store
/// sees of another `tally` process.
/// </summary>
public abstract partial class FillStoreContract
{
    [Fact]
    public async Task A_log_folds_on_top_of_what_another_writer_committed_since_it_opened()
    {
        var database = await CreateDatabaseAsync();
        var first = await OpenLogAsync(database);
        var second = await OpenLogAsync(database);

        await first.IngestAsync(Fills.Offer(Fills.Buy("t1", 2m, 100m, 1)), Ct);
        await second.IngestAsync(Fills.Offer(Fills.Sell("t2", 1m, 110m, 2)), Ct);
        await first.IngestAsync(Fills.Offer(Fills.Buy("t3", 1m, 120m, 3)), Ct);

        var expected = LedgerAssert.Fold([Fills.Buy("t1", 2m, 100m, 1), Fills.Sell("t2", 1m, 110m, 2), Fills.Buy("t3", 1m, 120m, 3)]);
        LedgerAssert.Same(expected, await first.SnapshotAsync(Ct), "the first writer's ledger");
        await AssertConsistentAsync(first);
        await second.IngestAsync([], Ct);   // an empty batch still catches up
        LedgerAssert.Same(expected, await second.SnapshotAsync(Ct), "the second writer's ledger");
        await AssertConsistentAsync(second);
    }

    [Fact]
    public async Task Writers_importing_overlapping_fills_at_once_leave_positions_equal_to_the_union_replayed()
    {
        const int Writers = 4;
        var database = await CreateDatabaseAsync();
        var history = Enumerable.Range(1, 80)
            .Select(i => Fills.Make(i % 3 == 0 ? Side.Sell : Side.Buy, $"{i}", 1m + (i % 4), 100m + i, i, i % 2 == 0 ? "BTCUSDT" : "ETHUSDT"))
            .ToList();
        var logs = new List<FillLog>();
        for (var w = 0; w < Writers; w++)
        {
            logs.Add(await OpenLogAsync(database));
        }

        // Writer w offers every fill whose number is w or 0 mod its stride: overlapping subsets whose union is the history.
        await Task.WhenAll(logs.Select((log, w) => Task.Run(
            async () =>
            {
                var mine = history.Where((_, i) => i % Writers == w || i % 3 == 0).ToList();
                foreach (var batch in mine.Chunk(5))
                {
                    await log.IngestAsync(Fills.Offer(batch), Ct);
                }
            },
            Ct)));

        var reopened = await OpenLogAsync(database);
        Assert.Equal(history.Count, await reopened.CountFillsAsync(Ct));
        LedgerAssert.Same(LedgerAssert.Fold(history), await reopened.SnapshotAsync(Ct), "the ledger of the union");
        await AssertConsistentAsync(reopened);
        foreach (var log in logs)
        {
            await log.IngestAsync([], Ct);
            await AssertConsistentAsync(log);
        }
    }

    [Fact]
    public async Task Verifying_while_another_writer_ingests_compares_one_consistent_snapshot()
    {
        var database = await CreateDatabaseAsync();
        var writer = await OpenLogAsync(database);
        var verifier = await OpenLogAsync(database);
        var history = Enumerable.Range(1, 120).Select(i => Fills.Make(i % 3 == 0 ? Side.Sell : Side.Buy, $"{i}", 1m, 100m + i, i)).ToList();

        var ingest = Task.Run(
            async () =>
            {
                foreach (var batch in history.Chunk(3))
                {
                    await writer.IngestAsync(Fills.Offer(batch), Ct);
                }
            },
            Ct);
        var checks = 0;
        while (!ingest.IsCompleted || checks == 0)
        {
            var report = await verifier.VerifyAsync(Ct);
            Assert.True(report.Equal, "VerifyAsync during ingest found differences:\n" + string.Join("\n", report.Differences));
            checks++;
        }

        await ingest;
        await AssertConsistentAsync(writer);
    }
}
