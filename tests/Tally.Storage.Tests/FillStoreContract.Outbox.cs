namespace Tally.Storage.Tests;

/// <summary>The notification outbox (migration 7), the same on every adapter.</summary>
public abstract partial class FillStoreContract
{
    [Fact]
    public async Task Outbox_rows_are_read_back_oldest_first_and_a_sent_or_failed_row_is_no_longer_pending()
    {
        var (_, log) = await NewLogAsync();
        var at = Fills.At(0);
        OutboxMessage Message(string target, string text) => new(0, at, "telegram", target, "position", text, null, 0, at, null, null, null);
        await log.EnqueueOutboxAsync([Message("1", "first"), Message("2", "second")], Ct);
        await log.EnqueueOutboxAsync([new OutboxMessage(0, at, "webhook", "webhook", "risk", "third", "{\"text\":\"third\"}", 0, at, null, null, null)], Ct);

        var pending = await log.ReadOutboxAsync(pendingOnly: true, 10, Ct);
        Assert.Equal(["first", "second", "third"], pending.Select(m => m.Text));
        Assert.Equal("{\"text\":\"third\"}", pending[2].Payload);
        Assert.All(pending, m => Assert.True(m.IsPending));

        Assert.True(await log.UpdateOutboxAsync(pending[0] with { Attempts = 1, SentAt = at.AddSeconds(1) }, Ct));
        Assert.True(await log.UpdateOutboxAsync(pending[1] with { Attempts = 3, NextAt = at.AddSeconds(8), LastError = "429" }, Ct));
        Assert.True(await log.UpdateOutboxAsync(pending[2] with { Attempts = 1, FailedAt = at.AddSeconds(1), LastError = "403 Forbidden" }, Ct));
        Assert.False(await log.UpdateOutboxAsync(pending[0] with { Id = 999 }, Ct));

        var after = await log.ReadOutboxAsync(pendingOnly: true, 10, Ct);
        var second = Assert.Single(after);
        Assert.Equal(("second", 3, at.AddSeconds(8), "429"), (second.Text, second.Attempts, second.NextAt, second.LastError));
        Assert.Equal(3, (await log.ReadOutboxAsync(pendingOnly: false, 10, Ct)).Count);
        Assert.Single(await log.ReadOutboxAsync(pendingOnly: false, 1, Ct));
    }

    [Fact]
    public async Task The_outbox_hook_writes_its_rows_in_the_same_transaction_as_the_fills_and_the_risk_events()
    {
        var (_, log) = await NewLogAsync();
        var seen = new List<Live.LogChange>();
        log.OutboxRows = change =>
        {
            seen.Add(change);
            var text = change switch
            {
                Live.FillsCommitted f => string.Join(',', f.Report.Positions.Select(p => p.Fill.TradeId)),
                Live.RiskJournalled r => string.Join(',', r.Events.Select(e => e.Type)),
                _ => "other",
            };
            return [new OutboxMessage(0, change.At, "webhook", "webhook", "test", text, null, 0, change.At, null, null, null)];
        };

        await log.IngestAsync(Fills.Offer(Fills.Buy("t1", 1m, 100m, 1), Fills.Buy("t2", 1m, 110m, 2)), Ct);
        await log.JournalRiskAsync([new StoredRiskEvent(0, Fills.At(3), "DumpDetected", null, null, null, "BTCUSDT", 100m, null, "dump")], null, Ct);

        Assert.Equal(["t1,t2", "DumpDetected"], (await log.ReadOutboxAsync(pendingOnly: true, 10, Ct)).Select(m => m.Text));
        Assert.Equal(2, seen.Count);
    }
}
