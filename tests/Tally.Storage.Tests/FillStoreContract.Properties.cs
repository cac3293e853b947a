using FsCheck.Xunit;
using Tally.Core;
using Tally.Storage;

namespace Tally.Storage.Tests;

public abstract partial class FillStoreContract
{
    /// <summary>
    /// Up to 60 fills over three symbols and one-way and hedge keys, in random batches with random re-sends:
    /// every re-send is acknowledged without being stored again, every conflicting one is quarantined, and the
    /// live ledger, a restarted fill log and a full replay all equal a fresh fold of the distinct fills.
    /// </summary>
    [Property(MaxTest = 30, Arbitrary = new[] { typeof(FillScenarios) })]
    public Task Live_restarted_and_replayed_ledgers_agree_for_any_batching_and_resends(FillScenario scenario) =>
        // FsCheck waits on the returned task; Task.Run keeps every continuation off xUnit's few test threads.
        Task.Run(() => CheckScenarioAsync(scenario));

    /// <summary>
    /// Fills arriving late, out of order, sharing milliseconds, some without a time, with a funding payment after every
    /// batch: the live ledger, a restarted fill log and a full replay all equal a fold of each key in venue order plus
    /// the funding, and every stored fill's action, every stored cycle and every stored position agree with it (VerifyAsync).
    /// </summary>
    [Property(MaxTest = 30, Arbitrary = new[] { typeof(LateFillScenarios) })]
    public Task Fills_arriving_in_any_order_fold_in_venue_order_live_restarted_and_replayed(FillScenario scenario) =>
        Task.Run(() => CheckScenarioAsync(scenario, LateFillScenarios.VenueOrderFold(scenario.Distinct), withFunding: true));

    private Task CheckScenarioAsync(FillScenario scenario) => CheckScenarioAsync(scenario, LedgerAssert.Fold(scenario.Distinct), withFunding: false);

    private async Task CheckScenarioAsync(FillScenario scenario, Ledger reference, bool withFunding)
    {
        RestartGuard(); // one case, one minute
        // A database per case, dropped at once: 30 cases must not pile up 30 databases.
        await using var database = await CreateDatabaseCoreAsync(Ct);

        await using (var log = await OpenLogAsync(database, track: false))
        {
            foreach (var batch in scenario.Batches)
            {
                var report = await log.IngestAsync(Fills.Offer(batch.Select(o => o.Fill)), Ct);

                Assert.Equal(batch.Select(o => Expected(o.Kind)), report.Statuses);
                if (withFunding)
                {
                    // Against the key of the batch's first fill; every third in BNB, so a key may hold two assets.
                    var number = await StoreOf(log).ReadFundingAsync(new FundingQuery(), Ct) is { Count: var n } ? n : 0;
                    var f = batch[0].Fill;
                    var payment = new FundingPayment(f.Venue, f.Account, f.Symbol, f.PositionSide, number % 3 == 2 ? "BNB" : "USDT", -0.01m * (number + 1), Fills.T0.AddMinutes(number), $"f{number}");
                    Assert.Equal([IngestStatus.Stored], (await log.IngestFundingAsync([new IncomingFunding(payment)], Ct)).Statuses);
                    reference.ApplyFunding(payment.Key, payment.Amount, payment.Asset, at: null);
                }
            }

            LedgerAssert.Same(reference, (await log.SnapshotAsync(Ct)), "the live ledger");
            var live = await log.VerifyAsync(Ct);
            Assert.True(live.Equal, string.Join("\n", live.Differences));
            var (replayed, count) = await log.ReplayAsync(until: null, Ct);
            LedgerAssert.Same(reference, replayed, "the replayed ledger");
            Assert.Equal(scenario.Distinct.Count, count);
            Assert.Equal(scenario.Distinct.Count, await StoreOf(log).CountFillsAsync(Ct));
            Assert.Equal(scenario.Conflicts, (await StoreOf(log).ReadQuarantineAsync(Ct)).Count);
        }

        await using var restarted = await OpenLogAsync(database, track: false);
        LedgerAssert.Same(reference, (await restarted.SnapshotAsync(Ct)), "the restarted ledger");
        var verify = await restarted.VerifyAsync(Ct);
        Assert.True(verify.Equal, string.Join("\n", verify.Differences));

        static IngestStatus Expected(OfferKind kind) => kind switch
        {
            OfferKind.New => IngestStatus.Stored,
            OfferKind.Resend => IngestStatus.AlreadyPresent,
            OfferKind.Conflict => IngestStatus.Quarantined,
        };
    }
}
