using Tally.Core;
using Tally.Core.Attribution;

using Tally.Storage.Live;

namespace Tally.Storage;

/// <summary>Signals, order intents and the attribution queries (DESIGN.md §3 and §4): the dispatcher's and the API's side of the log.</summary>
public sealed partial class FillLog
{
    /// <summary>
    /// Stores a signal with its decision and its order intents in one transaction. When the signal id is stored
    /// already for the signal's venue and account, stores nothing and returns the stored one (compare to know it was a repeat).
    /// </summary>
    /// <exception cref="ArgumentException">An intent is invalid (see <see cref="SaveIntentAsync"/>) or names another venue or account.</exception>
    public Task<StoredSignal> RecordSignalAsync(StoredSignal signal, IReadOnlyList<OrderIntent> intents, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(signal);
        ArgumentNullException.ThrowIfNull(intents);
        ArgumentException.ThrowIfNullOrWhiteSpace(signal.Signal.SignalId);
        foreach (var intent in intents)
        {
            CheckIntent(intent);
            if (intent.Venue != signal.Signal.Venue || intent.Account != signal.Signal.Account)
            {
                throw new ArgumentException($"intent {intent.ClientOrderId} is for {intent.Venue}/{intent.Account}, the signal for {signal.Signal.Venue}/{signal.Signal.Account}", nameof(intents));
            }
        }

        return WriteAsync(
            async ct =>
            {
                await using var session = await _store.BeginAsync(ct);
                var s = signal.Signal;
                var stored = await session.ReadSignalsAsync(new SignalQuery(s.Venue, s.Account, SignalId: s.SignalId), ct);
                if (stored.Count > 0)
                {
                    return stored[0];
                }

                await session.InsertSignalAsync(signal, ct);
                await SaveIntentsLockedAsync(session, intents, ct);
                await session.CommitAsync(ct);
                Changes.Publish(new SignalRecorded(_time.GetUtcNow(), signal));
                return signal;
            },
            cancellationToken);
    }

    /// <summary>Inserts an intent without a signal (a force close, a risk exit, a take-profit or stop-loss order).</summary>
    /// <exception cref="ArgumentException">A field is empty, or its purpose names another strategy than the intent.</exception>
    /// <remarks>An intent whose order already has fills in the log re-attributes the log (a rare path) in the same transaction.</remarks>
    public Task SaveIntentAsync(OrderIntent intent, CancellationToken cancellationToken)
    {
        CheckIntent(intent);
        return WriteAsync(
            async ct =>
            {
                await using var session = await _store.BeginAsync(ct);
                await SaveIntentsLockedAsync(session, [intent], ct);
                await session.CommitAsync(ct);
                return true;
            },
            cancellationToken);
    }

    /// <summary>Moves an intent to <paramref name="status"/>, with the venue's order id (kept when null) and a detail (an error, a trigger).</summary>
    /// <exception cref="KeyNotFoundException">No intent with that client order id is stored for the venue and account.</exception>
    public Task UpdateIntentAsync(string venue, string account, string clientOrderId, OrderIntentStatus status, string? venueOrderId, string? detail, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(venue);
        ArgumentException.ThrowIfNullOrWhiteSpace(account);
        ArgumentException.ThrowIfNullOrWhiteSpace(clientOrderId);
        return WriteAsync(
            async ct =>
            {
                await using var session = await _store.BeginAsync(ct);
                if (!await session.UpdateIntentAsync(venue, account, clientOrderId, status, venueOrderId, detail, _time.GetUtcNow(), ct))
                {
                    throw new KeyNotFoundException($"no order intent {clientOrderId} on {venue}/{account}");
                }

                await session.CommitAsync(ct);
                return true;
            },
            cancellationToken);
    }

    public async Task<OrderIntent?> FindIntentAsync(string venue, string account, string clientOrderId, CancellationToken cancellationToken)
    {
        ThrowIfFaulted();
        var found = await _store.ReadIntentsAsync(new IntentQuery(venue, account, ClientOrderId: clientOrderId), cancellationToken);
        return found.Count > 0 ? found[0] : null;
    }

    /// <summary>The stored intents among <paramref name="clientOrderIds"/> of a venue and account (in one read per 500 ids), in the order saved.</summary>
    public async Task<IReadOnlyList<OrderIntent>> FindIntentsAsync(string venue, string account, IReadOnlyCollection<string> clientOrderIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clientOrderIds);
        ThrowIfFaulted();
        if (clientOrderIds.Count == 0)
        {
            return [];
        }

        var found = new List<OrderIntent>();
        foreach (var chunk in clientOrderIds.Distinct(StringComparer.Ordinal).Chunk(500))
        {
            found.AddRange(await _store.ReadIntentsAsync(new IntentQuery(venue, account, ClientOrderIds: chunk), cancellationToken));
        }

        return found;
    }

    /// <summary>Intents of a venue and account (null: all), with one of <paramref name="statuses"/> (null: any), in the order saved.</summary>
    public Task<IReadOnlyList<OrderIntent>> ReadIntentsAsync(string? venue, string? account, IReadOnlyCollection<OrderIntentStatus>? statuses, CancellationToken cancellationToken) =>
        Read(ct => _store.ReadIntentsAsync(new IntentQuery(venue, account, statuses), ct), cancellationToken);

    public async Task<StoredSignal?> FindSignalAsync(string venue, string account, string signalId, CancellationToken cancellationToken)
    {
        ThrowIfFaulted();
        var found = await _store.ReadSignalsAsync(new SignalQuery(venue, account, SignalId: signalId), cancellationToken);
        return found.Count > 0 ? found[0] : null;
    }

    /// <summary>Stored signals, oldest first; <paramref name="since"/> is on the signal's own timestamp.</summary>
    public Task<IReadOnlyList<StoredSignal>> ReadSignalsAsync(string? venue, string? account, string? symbol, DateTimeOffset? since, CancellationToken cancellationToken) =>
        Read(ct => _store.ReadSignalsAsync(new SignalQuery(venue, account, symbol, since), ct), cancellationToken);

    /// <summary>Rows of <c>strategy_positions</c> (as of the last commit), by entry time.</summary>
    public Task<IReadOnlyList<StrategyPosition>> StrategyPositionsAsync(StrategyPositionQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return Read(ct => _store.ReadStrategyPositionsAsync(query, ct), cancellationToken);
    }

    /// <summary>Rows of <c>position_contributions</c> of one exchange position key (<c>BTCUSDT_LONG</c>) or all.</summary>
    public Task<IReadOnlyList<Contribution>> ContributionsAsync(string? exchangePositionKey, CancellationToken cancellationToken) =>
        Read(ct => _store.ReadContributionsAsync(exchangePositionKey, ct), cancellationToken);

    /// <summary>Rows of <c>exchange_positions</c>.</summary>
    public Task<IReadOnlyList<ExchangePosition>> ExchangePositionsAsync(CancellationToken cancellationToken) =>
        Read(_store.ReadExchangePositionsAsync, cancellationToken);

    /// <summary>One summary per strategy from the stored strategy positions, summed exactly as decimals.</summary>
    public async Task<IReadOnlyList<StrategySummary>> StrategiesAsync(CancellationToken cancellationToken) =>
        StrategySummary.Of(await StrategyPositionsAsync(new StrategyPositionQuery(), cancellationToken));

    private static void CheckIntent(OrderIntent intent)
    {
        ArgumentNullException.ThrowIfNull(intent);
        ArgumentException.ThrowIfNullOrWhiteSpace(intent.Venue);
        ArgumentException.ThrowIfNullOrWhiteSpace(intent.Account);
        ArgumentException.ThrowIfNullOrWhiteSpace(intent.ClientOrderId);
        ArgumentException.ThrowIfNullOrWhiteSpace(intent.Symbol);
        ArgumentException.ThrowIfNullOrWhiteSpace(intent.StrategyId);
        ArgumentNullException.ThrowIfNull(intent.Purpose);
        var purposeStrategy = intent.Purpose switch
        {
            OrderPurpose.Entry e => e.StrategyId,
            OrderPurpose.ExitStrategy e => e.StrategyId,
            OrderPurpose.ExitPosition or OrderPurpose.Unplaced => intent.StrategyId,
            _ => throw new ArgumentOutOfRangeException(nameof(intent), intent.Purpose, "unknown order purpose"),
        };
        if (purposeStrategy != intent.StrategyId)
        {
            throw new ArgumentException($"intent {intent.ClientOrderId} is for strategy {intent.StrategyId}, its purpose for {purposeStrategy}", nameof(intent));
        }

        if (intent.Purpose is OrderPurpose.Entry { OrderRef: var orderRef } && string.IsNullOrWhiteSpace(orderRef))
        {
            throw new ArgumentException($"intent {intent.ClientOrderId}: the entry names no order", nameof(intent));
        }
    }

    /// <summary>
    /// Inserts intents inside <paramref name="session"/>. Should the log already hold fills of one of their orders (a
    /// fill can reach the log before its intent only if the intent was saved late), those fills were attributed
    /// without it: the attribution is rebuilt from the log, now with the intent, in the same transaction.
    /// </summary>
    private async Task SaveIntentsLockedAsync(IFillStoreSession session, IReadOnlyList<OrderIntent> intents, CancellationToken cancellationToken)
    {
        if (intents.Count == 0)
        {
            return;
        }

        await session.InsertIntentsAsync(intents, cancellationToken);
        if (!_attributionOff && await session.AnyFillOfOrdersAsync([.. intents.Select(i => (i.Venue, i.Account, i.ClientOrderId))], cancellationToken))
        {
            await CatchUpAsync(session, cancellationToken);
            await RebuildAttributionAsync(session, observe: null, cancellationToken);
            _version = await session.BumpFoldVersionAsync(cancellationToken);
        }
    }
}
