using Tally.Core.Attribution;
using Tally.Storage;

namespace Tally.Engine.Dispatch;

/// <summary>The fill log as a dispatcher's store.</summary>
public sealed class FillLogDispatchStore(FillLog log) : IDispatchStore
{
    private readonly FillLog _log = log ?? throw new ArgumentNullException(nameof(log));

    public Task<StoredSignal> RecordSignalAsync(StoredSignal signal, IReadOnlyList<OrderIntent> intents, CancellationToken cancellationToken) =>
        _log.RecordSignalAsync(signal, intents, cancellationToken);

    public Task SaveIntentAsync(OrderIntent intent, CancellationToken cancellationToken) => _log.SaveIntentAsync(intent, cancellationToken);

    public Task UpdateIntentAsync(string venue, string account, string clientOrderId, OrderIntentStatus status, string? venueOrderId, string? detail, CancellationToken cancellationToken) =>
        _log.UpdateIntentAsync(venue, account, clientOrderId, status, venueOrderId, detail, cancellationToken);

    public Task<OrderIntent?> FindIntentAsync(string venue, string account, string clientOrderId, CancellationToken cancellationToken) =>
        _log.FindIntentAsync(venue, account, clientOrderId, cancellationToken);

    public Task<IReadOnlyList<OrderIntent>> FindIntentsAsync(string venue, string account, IReadOnlyCollection<string> clientOrderIds, CancellationToken cancellationToken) =>
        _log.FindIntentsAsync(venue, account, clientOrderIds, cancellationToken);

    public Task<IReadOnlyList<OrderIntent>> ReadIntentsAsync(string venue, string account, IReadOnlyCollection<OrderIntentStatus>? statuses, CancellationToken cancellationToken) =>
        _log.ReadIntentsAsync(venue, account, statuses, cancellationToken);

    public Task<StoredSignal?> FindSignalAsync(string venue, string account, string signalId, CancellationToken cancellationToken) =>
        _log.FindSignalAsync(venue, account, signalId, cancellationToken);

    public Task<IReadOnlyList<StoredSignal>> ReadSignalsAsync(string venue, string account, string symbol, DateTimeOffset since, CancellationToken cancellationToken) =>
        _log.ReadSignalsAsync(venue, account, symbol, since, cancellationToken);

    public Task<IReadOnlyList<StrategyPosition>> StrategyPositionsAsync(string venue, string account, string? symbol, bool openOnly, CancellationToken cancellationToken) =>
        _log.StrategyPositionsAsync(new StrategyPositionQuery(openOnly ? StrategyPositionFilter.Open : StrategyPositionFilter.All, Venue: venue, Account: account, Symbol: symbol), cancellationToken);
}
