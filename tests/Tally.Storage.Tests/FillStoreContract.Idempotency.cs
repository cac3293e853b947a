using Tally.Core;
using Tally.Storage;

namespace Tally.Storage.Tests;

public abstract partial class FillStoreContract
{
    [Fact]
    public async Task The_same_fill_twice_in_one_batch_is_stored_once_and_both_are_acknowledged()
    {
        var (_, log) = await NewLogAsync();
        var fill = Fills.Buy("t1", 1m, 100m, 1);

        var report = await log.IngestAsync(Fills.Offer(fill, fill), Ct);

        Assert.Equal([IngestStatus.Stored, IngestStatus.AlreadyPresent], report.Statuses);
        Assert.Equal(1, await StoreOf(log).CountFillsAsync(Ct));
        Assert.Equal(1m, (await log.SnapshotAsync(Ct)).Find(fill.Key)!.SignedQuantity);
        await AssertConsistentAsync(log);
    }

    [Fact]
    public async Task The_same_fill_in_a_later_batch_is_stored_once_and_acknowledged()
    {
        var (_, log) = await NewLogAsync();
        var fill = Fills.Buy("t1", 1m, 100m, 1);
        await log.IngestAsync(Fills.Offer(fill), Ct);

        var report = await log.IngestAsync(Fills.Offer(Fills.Buy("t2", 2m, 101m, 2), fill), Ct);

        Assert.Equal([IngestStatus.Stored, IngestStatus.AlreadyPresent], report.Statuses);
        Assert.Equal(2, await StoreOf(log).CountFillsAsync(Ct));
        Assert.Equal(3m, (await log.SnapshotAsync(Ct)).Find(fill.Key)!.SignedQuantity);
        await AssertConsistentAsync(log);
    }

    [Fact]
    public async Task The_same_fill_after_a_restart_is_stored_once_and_acknowledged()
    {
        var database = await CreateDatabaseAsync();
        var fill = Fills.Buy("t1", 1m, 100m, 1);
        await using (var first = await OpenLogAsync(database))
        {
            await first.IngestAsync(Fills.Offer(fill), Ct);
        }

        var log = await OpenLogAsync(database);
        var report = await log.IngestAsync(Fills.Offer(fill), Ct);

        Assert.Equal([IngestStatus.AlreadyPresent], report.Statuses);
        Assert.Empty(report.Quarantined);
        Assert.Equal(1, await StoreOf(log).CountFillsAsync(Ct));
        Assert.Equal(1m, (await log.SnapshotAsync(Ct)).Find(fill.Key)!.SignedQuantity);
        await AssertConsistentAsync(log);
    }

    [Theory]
    [InlineData("price", "price 100 vs 101")]
    [InlineData("qty", "qty 1 vs 1.5")]
    [InlineData("side", "side BUY vs SELL")]
    [InlineData("position_side", "position_side BOTH vs LONG")]
    [InlineData("fee", "fee 0.1 vs 0.2")]
    [InlineData("fee_asset", "fee_asset USDT vs BNB")]
    [InlineData("ts", "ts ")]
    [InlineData("order_id", "order_id o-t1 vs o-other")]
    public async Task A_different_fill_under_a_stored_identity_is_quarantined_naming_the_field_and_the_first_is_kept(string field, string reason)
    {
        var (_, log) = await NewLogAsync();
        var first = Fills.Buy("t1", 1m, 100m, 1, fee: 0.1m);
        await log.IngestAsync(Fills.Offer(first), Ct);
        var before = LedgerAssert.States((await log.SnapshotAsync(Ct)));
        Time.Advance(TimeSpan.FromSeconds(5));

        var report = await log.IngestAsync([new IncomingFill(Differing(first, field), Raw: "{\"t\":\"t1\",\"resent\":true}")], Ct);

        Assert.Equal([IngestStatus.Quarantined], report.Statuses);
        var entry = Assert.Single(await StoreOf(log).ReadQuarantineAsync(Ct));
        Assert.Equal((Fills.Venue, Fills.Account, "BTCUSDT", "t1"), (entry.Venue, entry.Account, entry.Symbol, entry.TradeId));
        Assert.StartsWith("conflicting duplicate: ", entry.Reason, StringComparison.Ordinal);
        Assert.Contains(reason, entry.Reason, StringComparison.Ordinal);
        Assert.Equal("{\"t\":\"t1\",\"resent\":true}", entry.Payload);
        Assert.Equal(Now.AddSeconds(5), entry.ReceivedAt);
        Assert.Equal(entry.Reason, Assert.Single(report.Quarantined).Reason);

        var stored = Assert.Single(await ReadFillsAsync(StoreOf(log)));
        Assert.Equal(first, stored.Fill);
        LedgerAssert.Same(before, LedgerAssert.States((await log.SnapshotAsync(Ct))), "the live ledger after the conflict");
        await AssertConsistentAsync(log);
    }

    [Fact]
    public async Task A_different_fill_under_the_same_identity_in_one_batch_is_quarantined_and_the_first_is_kept()
    {
        var (_, log) = await NewLogAsync();
        var first = Fills.Buy("t1", 1m, 100m, 1);

        var report = await log.IngestAsync(Fills.Offer(first, first with { Price = 101m }), Ct);

        Assert.Equal([IngestStatus.Stored, IngestStatus.Quarantined], report.Statuses);
        var entry = Assert.Single(await StoreOf(log).ReadQuarantineAsync(Ct));
        Assert.Contains("price 100 vs 101", entry.Reason, StringComparison.Ordinal);
        Assert.Equal(FillText.Describe(first with { Price = 101m }), entry.Payload);
        Assert.Equal(100m, Assert.Single(await ReadFillsAsync(StoreOf(log))).Fill.Price);
        await AssertConsistentAsync(log);
    }

    [Fact]
    public async Task A_conflicting_resend_after_a_restart_is_quarantined()
    {
        var database = await CreateDatabaseAsync();
        var first = Fills.Sell("t1", 2m, 50m, 1, symbol: "SOLUSDT");
        await using (var before = await OpenLogAsync(database))
        {
            await before.IngestAsync(Fills.Offer(first), Ct);
        }

        var log = await OpenLogAsync(database);
        var report = await log.IngestAsync(Fills.Offer(first with { Quantity = 3m }), Ct);

        Assert.Equal([IngestStatus.Quarantined], report.Statuses);
        Assert.Contains("qty 2 vs 3", Assert.Single(await StoreOf(log).ReadQuarantineAsync(Ct)).Reason, StringComparison.Ordinal);
        Assert.Equal(-2m, (await log.SnapshotAsync(Ct)).Find(first.Key)!.SignedQuantity);
    }

    [Theory]
    [InlineData(null, "c-1")]
    [InlineData("c-1", null)]
    public async Task A_client_order_id_missing_on_one_side_is_not_a_conflict(string? storedClientId, string? resentClientId)
    {
        var (_, log) = await NewLogAsync();
        var fill = Fills.Buy("t1", 1m, 100m, 1) with { ClientOrderId = storedClientId };
        await log.IngestAsync(Fills.Offer(fill), Ct);

        var report = await log.IngestAsync(Fills.Offer(fill with { ClientOrderId = resentClientId }), Ct);

        Assert.Equal([IngestStatus.AlreadyPresent], report.Statuses);
        Assert.Empty(await StoreOf(log).ReadQuarantineAsync(Ct));
        Assert.Equal(storedClientId, Assert.Single(await ReadFillsAsync(StoreOf(log))).Fill.ClientOrderId);
    }

    [Fact]
    public async Task An_order_id_missing_on_one_side_is_not_a_conflict()
    {
        var (_, log) = await NewLogAsync();
        var fill = Fills.Buy("t1", 1m, 100m, 1);
        await log.IngestAsync(Fills.Offer(fill with { OrderId = null }), Ct);

        var report = await log.IngestAsync(Fills.Offer(fill), Ct);

        Assert.Equal([IngestStatus.AlreadyPresent], report.Statuses);
        Assert.Empty(await StoreOf(log).ReadQuarantineAsync(Ct));
    }

    [Fact]
    public async Task A_fee_asset_left_implicit_matches_the_settlement_asset_named_explicitly()
    {
        var (_, log) = await NewLogAsync();
        var fill = Fills.Buy("t1", 1m, 100m, 1, fee: 0.1m, feeAsset: null);
        await log.IngestAsync(Fills.Offer(fill), Ct);

        var report = await log.IngestAsync(Fills.Offer(fill with { FeeAsset = "USDT" }), Ct);

        Assert.Equal([IngestStatus.AlreadyPresent], report.Statuses);
    }

    /// <summary>
    /// FillConflict's own documentation: fields one source lacks (REST trades carry no client order id) "are
    /// compared only when both sides have them" — so when both have one and they differ, the content differs.
    /// </summary>
    [Fact]
    public async Task Client_order_ids_that_differ_on_both_sides_are_a_conflict()
    {
        var (_, log) = await NewLogAsync();
        var fill = Fills.Buy("t1", 1m, 100m, 1) with { ClientOrderId = "strategy-a-1" };
        await log.IngestAsync(Fills.Offer(fill), Ct);

        var report = await log.IngestAsync(Fills.Offer(fill with { ClientOrderId = "strategy-b-7" }), Ct);

        Assert.Equal([IngestStatus.Quarantined], report.Statuses);
        Assert.Contains("client_order_id", Assert.Single(await StoreOf(log).ReadQuarantineAsync(Ct)).Reason, StringComparison.Ordinal);
    }

    /// <summary>Sources disagree on how they write a time (UTC or local offset, ms or µs); the log keeps the instant to the millisecond.</summary>
    [Fact]
    public async Task A_resend_giving_the_same_instant_in_another_offset_or_finer_precision_is_the_same_fill()
    {
        var (_, log) = await NewLogAsync();
        var fill = Fills.Buy("t1", 1m, 100m, 1) with { Timestamp = Fills.At(1).AddMilliseconds(7) };
        await log.IngestAsync(Fills.Offer(fill), Ct);

        var report = await log.IngestAsync(
            Fills.Offer(
                fill with { Timestamp = fill.Timestamp!.Value.ToOffset(TimeSpan.FromHours(2)) },
                fill with { Timestamp = fill.Timestamp!.Value.AddTicks(4_999) }),
            Ct);

        Assert.Equal([IngestStatus.AlreadyPresent, IngestStatus.AlreadyPresent], report.Statuses);
        Assert.Empty(await StoreOf(log).ReadQuarantineAsync(Ct));
    }

    [Fact]
    public async Task The_identity_is_venue_account_symbol_and_trade_id()
    {
        var (_, log) = await NewLogAsync();
        var fill = Fills.Buy("t1", 1m, 100m, 1);

        var report = await log.IngestAsync(
            Fills.Offer(fill, fill with { Venue = "bybit" }, fill with { Account = "second" }, fill with { Symbol = "ETHUSDT" }, fill with { TradeId = "t2" }),
            Ct);

        Assert.Equal(Enumerable.Repeat(IngestStatus.Stored, 5), report.Statuses);
        Assert.Equal(5, await StoreOf(log).CountFillsAsync(Ct));
    }

    private static Fill Differing(Fill fill, string field) => field switch
    {
        "price" => fill with { Price = 101m },
        "qty" => fill with { Quantity = 1.5m },
        "side" => fill with { Side = Side.Sell },
        "position_side" => fill with { PositionSide = PositionSide.Long },
        "fee" => fill with { Fee = 0.2m },
        "fee_asset" => fill with { FeeAsset = "BNB" },
        "ts" => fill with { Timestamp = fill.Timestamp!.Value.AddSeconds(1) },
        "order_id" => fill with { OrderId = "o-other" },
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "no such field in this test"),
    };
}
