using Tally.Core;
using Tally.Core.Signals;
using Tally.Engine.Dispatch;
using Tally.Storage;

namespace Tally.Engine.Tests;

/// <summary>
/// The shortcuts of the signal path (docs/PERFORMANCE.md, signals): the entries of the signals in the window are looked
/// up in one read, and an entry's price is asked for beside the decision reads — with the same decisions as before.
/// </summary>
public sealed class DispatchLatencyTests
{
    [Fact]
    public async Task Entry_intents_are_found_in_one_read_each_once_with_ids_not_stored_left_out_as_the_one_by_one_look_up_finds_them()
    {
        await using var x = await DispatchFixture.StartAsync(PositionMode.Hedge);
        var first = await x.SubmitAsync(x.Signal("s-1", "A", SignalAction.Buy, 0.5m, quantity: 0.001m));
        var second = await x.SubmitAsync(x.Signal("s-2", "B", SignalAction.Buy, 0.5m, quantity: 0.001m));
        Assert.True(first.Decision.Accepted && second.Decision.Accepted, second.Decision.Reason);
        string[] ids = [second.ClientOrderId!, "not-stored", first.ClientOrderId!, second.ClientOrderId!];
        var store = new FillLogDispatchStore(x.Log);

        var together = await store.FindIntentsAsync(TradeSyncOptions.DefaultVenue, SyncFixture.Account, ids, CancellationToken.None);
        var oneByOne = await ((IDispatchStore)new OneByOne(store)).FindIntentsAsync(TradeSyncOptions.DefaultVenue, SyncFixture.Account, ids, CancellationToken.None);

        string?[] expected = [first.ClientOrderId, second.ClientOrderId];
        Assert.Equal(expected.Order(StringComparer.Ordinal), together.Select(i => i.ClientOrderId).Order(StringComparer.Ordinal));
        Assert.Equal(expected.Order(StringComparer.Ordinal), oneByOne.Select(i => i.ClientOrderId).Order(StringComparer.Ordinal));
        Assert.Empty(await store.FindIntentsAsync(TradeSyncOptions.DefaultVenue, SyncFixture.Account, [], CancellationToken.None));
        Assert.Empty(await store.FindIntentsAsync(TradeSyncOptions.DefaultVenue, "other", ids, CancellationToken.None));
    }

    [Fact]
    public async Task A_signal_on_a_symbol_the_venue_does_not_list_is_rejected_as_unknown_although_its_price_was_asked_for_early_and_failed()
    {
        await using var x = await DispatchFixture.StartAsync(PositionMode.Hedge);

        var unknown = await x.SubmitAsync(x.Signal("nope", "A", SignalAction.Buy, 0.5m, quantity: 0.001m) with { Symbol = "NOPEUSDT" });
        var known = await x.SubmitAsync(x.Signal("yes", "A", SignalAction.Buy, 0.5m, quantity: 0.001m));

        Assert.False(unknown.Decision.Accepted);
        Assert.StartsWith("unknown symbol NOPEUSDT", unknown.Decision.Reason, StringComparison.Ordinal);
        Assert.Null(unknown.ClientOrderId);
        Assert.True(known.Decision.Accepted, known.Decision.Reason);
        Assert.Single(await x.Log.ReadIntentsAsync(null, null, null, CancellationToken.None));
    }

    /// <summary>A store that keeps the interface's own one-by-one <see cref="IDispatchStore.FindIntentsAsync"/>.</summary>
    private sealed class OneByOne(IDispatchStore inner) : IDispatchStore
    {
        public Task<StoredSignal> RecordSignalAsync(StoredSignal signal, IReadOnlyList<OrderIntent> intents, CancellationToken cancellationToken) => inner.RecordSignalAsync(signal, intents, cancellationToken);

        public Task SaveIntentAsync(OrderIntent intent, CancellationToken cancellationToken) => inner.SaveIntentAsync(intent, cancellationToken);

        public Task UpdateIntentAsync(string venue, string account, string clientOrderId, OrderIntentStatus status, string? venueOrderId, string? detail, CancellationToken cancellationToken) =>
            inner.UpdateIntentAsync(venue, account, clientOrderId, status, venueOrderId, detail, cancellationToken);

        public Task<OrderIntent?> FindIntentAsync(string venue, string account, string clientOrderId, CancellationToken cancellationToken) => inner.FindIntentAsync(venue, account, clientOrderId, cancellationToken);

        public Task<IReadOnlyList<OrderIntent>> ReadIntentsAsync(string venue, string account, IReadOnlyCollection<OrderIntentStatus>? statuses, CancellationToken cancellationToken) =>
            inner.ReadIntentsAsync(venue, account, statuses, cancellationToken);

        public Task<StoredSignal?> FindSignalAsync(string venue, string account, string signalId, CancellationToken cancellationToken) => inner.FindSignalAsync(venue, account, signalId, cancellationToken);

        public Task<IReadOnlyList<StoredSignal>> ReadSignalsAsync(string venue, string account, string symbol, DateTimeOffset since, CancellationToken cancellationToken) =>
            inner.ReadSignalsAsync(venue, account, symbol, since, cancellationToken);

        public Task<IReadOnlyList<Core.Attribution.StrategyPosition>> StrategyPositionsAsync(string venue, string account, string? symbol, bool openOnly, CancellationToken cancellationToken) =>
            inner.StrategyPositionsAsync(venue, account, symbol, openOnly, cancellationToken);
    }
}
