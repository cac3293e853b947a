using Tally.Core.Attribution;
using Tally.Storage;

namespace Tally.Engine.Dispatch;

/// <summary>
/// What a dispatcher reads from and writes to the fill log (<see cref="FillLogDispatchStore"/> is the real one):
/// signals with their decisions and intents, intent status, and the strategy positions the attribution fold keeps.
/// </summary>
public interface IDispatchStore
{
    /// <summary>Stores the signal, its decision and its intents in one transaction; a stored signal id stores nothing and returns the stored one.</summary>
    Task<StoredSignal> RecordSignalAsync(StoredSignal signal, IReadOnlyList<OrderIntent> intents, CancellationToken cancellationToken);

    /// <summary>Inserts an intent that has no signal (a take-profit or stop-loss order).</summary>
    Task SaveIntentAsync(OrderIntent intent, CancellationToken cancellationToken);

    Task UpdateIntentAsync(string venue, string account, string clientOrderId, OrderIntentStatus status, string? venueOrderId, string? detail, CancellationToken cancellationToken);

    Task<OrderIntent?> FindIntentAsync(string venue, string account, string clientOrderId, CancellationToken cancellationToken);

    /// <summary>The stored intents among <paramref name="clientOrderIds"/>, each once (ids not stored are left out; order unspecified). The fill log reads them at once; this default looks them up one by one.</summary>
    async Task<IReadOnlyList<OrderIntent>> FindIntentsAsync(string venue, string account, IReadOnlyCollection<string> clientOrderIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clientOrderIds);
        var found = new List<OrderIntent>();
        foreach (var id in clientOrderIds.Distinct(StringComparer.Ordinal))
        {
            if (await FindIntentAsync(venue, account, id, cancellationToken) is { } intent)
            {
                found.Add(intent);
            }
        }

        return found;
    }

    Task<IReadOnlyList<OrderIntent>> ReadIntentsAsync(string venue, string account, IReadOnlyCollection<OrderIntentStatus>? statuses, CancellationToken cancellationToken);

    Task<StoredSignal?> FindSignalAsync(string venue, string account, string signalId, CancellationToken cancellationToken);

    /// <summary>The account's signals on a symbol received since <paramref name="since"/>, oldest first.</summary>
    Task<IReadOnlyList<StoredSignal>> ReadSignalsAsync(string venue, string account, string symbol, DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>The account's strategy positions on a symbol (every status), or on every symbol when null.</summary>
    Task<IReadOnlyList<StrategyPosition>> StrategyPositionsAsync(string venue, string account, string? symbol, bool openOnly, CancellationToken cancellationToken);
}
