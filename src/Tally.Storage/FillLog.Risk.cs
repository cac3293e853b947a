using Tally.Storage.Live;

namespace Tally.Storage;

/// <summary>The risk monitor's tables (migration 6): its journal, its state and the CLI's requests to a running engine.</summary>
public sealed partial class FillLog
{
    /// <summary>Journals risk events and, when given, the monitor's state, in one transaction.</summary>
    public Task JournalRiskAsync(IReadOnlyList<StoredRiskEvent> events, StoredRiskState? state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        if (events.Count == 0 && state is null)
        {
            return Task.CompletedTask;
        }

        return WriteAsync(
            async ct =>
            {
                await using var session = await _store.BeginAsync(ct);
                await session.InsertRiskEventsAsync(events, ct);
                if (state is not null)
                {
                    await session.SaveRiskStateAsync(state, ct);
                }

                var journalled = new RiskJournalled(_time.GetUtcNow(), events, state);
                await WriteOutboxAsync(session, journalled, ct);
                await session.CommitAsync(ct);
                Changes.Publish(journalled);
                return true;
            },
            cancellationToken);
    }

    /// <summary>
    /// Saves a monitor state changed from outside the engine (<c>tally risk reset</c>) with its audit row and the
    /// request that tells a running engine, in one transaction.
    /// </summary>
    public Task SaveRiskStateAsync(StoredRiskState state, AuditEntry audit, RiskRequest? request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(audit);
        return WriteAsync(
            async ct =>
            {
                await using var session = await _store.BeginAsync(ct);
                await session.SaveRiskStateAsync(state, ct);
                await session.AuditAsync(audit, ct);
                if (request is not null)
                {
                    await session.InsertRiskRequestAsync(request, ct);
                }

                await session.CommitAsync(ct);
                Changes.Publish(new RiskStateChanged(_time.GetUtcNow(), state));
                return true;
            },
            cancellationToken);
    }

    /// <summary>Leaves a request (force close) for the running engine, audited.</summary>
    public Task RequestRiskAsync(RiskRequest request, AuditEntry audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(audit);
        return WriteAsync(
            async ct =>
            {
                await using var session = await _store.BeginAsync(ct);
                await session.InsertRiskRequestAsync(request, ct);
                await session.AuditAsync(audit, ct);
                await session.CommitAsync(ct);
                Changes.Publish(new RiskRequested(_time.GetUtcNow(), request));
                return true;
            },
            cancellationToken);
    }

    /// <summary>Marks a request carried out with what came of it; false when it was no longer pending.</summary>
    public Task<bool> CompleteRiskRequestAsync(long id, string outcome, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return WriteAsync(
            async ct =>
            {
                await using var session = await _store.BeginAsync(ct);
                var done = await session.CompleteRiskRequestAsync(id, _time.GetUtcNow(), outcome, ct);
                await session.CommitAsync(ct);
                return done;
            },
            cancellationToken);
    }

    /// <summary>Journalled risk events with an id above <paramref name="afterId"/>, oldest first.</summary>
    public Task<IReadOnlyList<StoredRiskEvent>> ReadRiskEventsAsync(long afterId, CancellationToken cancellationToken) =>
        Read(ct => _store.ReadRiskEventsAsync(afterId, ct), cancellationToken);

    /// <summary>The stored state of the monitor named <paramref name="name"/>, or null before its first start.</summary>
    public async Task<StoredRiskState?> ReadRiskStateAsync(string name, CancellationToken cancellationToken) =>
        (await Read(_store.ReadRiskStatesAsync, cancellationToken)).FirstOrDefault(s => s.Name == name);

    /// <summary>Requests left for the engine (only pending ones when <paramref name="pendingOnly"/>), oldest first.</summary>
    public Task<IReadOnlyList<RiskRequest>> ReadRiskRequestsAsync(bool pendingOnly, CancellationToken cancellationToken) =>
        Read(ct => _store.ReadRiskRequestsAsync(pendingOnly, ct), cancellationToken);
}
