using Tally.Core.Attribution;
using Tally.Storage;

namespace Tally.Engine.Dispatch;

/// <summary>
/// What happens after a send that did not settle (DESIGN.md §4): a refused take-profit/stop-loss is handed to the risk
/// monitor; a send that failed transiently or whose outcome is unknown is followed up later — looked up by its client
/// order id and, where the venue makes it safe, sent again under the same intent — from a timer that posts the work to
/// the account's queue, so the backoff never holds the account's turn.
/// </summary>
public sealed partial class AccountDispatcher
{
    private readonly Lock _followUpLock = new();
    private readonly HashSet<FollowUpTimer> _followUps = [];
    private readonly HashSet<string> _handedOver = new(StringComparer.Ordinal);
    private bool _stopped;

    /// <summary>Follow-ups (lookups or sends again) waiting for their time (for tests and health).</summary>
    public int FollowUpsWaiting
    {
        get
        {
            lock (_followUpLock)
            {
                return _followUps.Count;
            }
        }
    }

    /// <summary>What an account's queue holds: a committed ingest report, a pass over every position, a follow-up of one intent.</summary>
    private abstract record Work
    {
        private Work()
        {
        }

        public sealed record Ingest(IngestReport Report) : Work;

        public sealed record ReconcileAll : Work;

        public sealed record FollowUp(string ClientOrderId, int Attempt) : Work;
    }

    private async Task StepAsync(Work work, CancellationToken cancellationToken)
    {
        switch (work)
        {
            case Work.Ingest ingest:
                await HandleAsync(ingest.Report, cancellationToken);
                break;
            case Work.ReconcileAll:
                await ReconcileAllAsync(cancellationToken);
                break;
            case Work.FollowUp followUp:
                await FollowUpAsync(followUp.ClientOrderId, followUp.Attempt, cancellationToken);
                break;
        }
    }

    /// <summary>The venue's answer to a send, or Unknown when the send threw (the request may or may not have gone out).</summary>
    private async Task<VenueAnswer> PlaceSafelyAsync(OrderIntent intent, CancellationToken cancellationToken)
    {
        try
        {
            return await _orders.PlaceAsync(intent, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new VenueAnswer.Unknown(e.Message);
        }
    }

    private async Task<VenueAnswer> FindSafelyAsync(OrderIntent intent, CancellationToken cancellationToken)
    {
        try
        {
            return await _orders.FindAsync(intent, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new VenueAnswer.Unknown(e.Message);
        }
    }

    /// <summary>Records what the venue said to send number <paramref name="attempt"/> of an intent; what did not settle is followed up later.</summary>
    private async Task SettleAsync(OrderIntent intent, VenueAnswer answer, int attempt, CancellationToken cancellationToken)
    {
        switch (answer)
        {
            case VenueAnswer.Known known:
                await _store.UpdateIntentAsync(Venue, Account, intent.ClientOrderId, known.Status == OrderIntentStatus.Filled ? OrderIntentStatus.Sent : known.Status, known.VenueOrderId, null, cancellationToken);
                DispatchLog.OrderSent(_logger, Venue, Account, intent.ClientOrderId, intent.Side, intent.Quantity, intent.Symbol, intent.Kind, intent.Purpose, known.VenueOrderId, known.Status);
                if (known.Status == OrderIntentStatus.Rejected && ProtectedPosition(intent) is { } rejectedFor)
                {
                    await HandOverAsync(rejectedFor, intent, "rejected by the venue", null, cancellationToken);
                }

                break;
            case VenueAnswer.Refused refused when !IsTransient(refused):
                await _store.UpdateIntentAsync(Venue, Account, intent.ClientOrderId, OrderIntentStatus.Rejected, null, refused.Message, cancellationToken);
                DispatchLog.OrderRefused(_logger, Venue, Account, intent.ClientOrderId, intent.Kind, intent.Symbol, refused.Message);
                if (ProtectedPosition(intent) is { } refusedFor)
                {
                    // -2021 (the level is already passed), a filter, -4xxx: trying again would be refused again.
                    await HandOverAsync(refusedFor, intent, refused.Code is { } code ? $"{code} {refused.Message}" : refused.Message, null, cancellationToken);
                }

                break;
            case VenueAnswer.Refused transient:
                Later(intent, attempt, transient.Message);
                break;
            case VenueAnswer.Unknown unknown:
                Later(intent, attempt, unknown.Message);
                break;
            case VenueAnswer.NotFound:
                Later(intent, attempt, "not found");
                break;
        }
    }

    /// <summary>
    /// Follow-up number <paramref name="attempt"/> of an intent still pending: look it up by its client order id; found →
    /// recorded; not found → an exit or a take-profit/stop-loss whose position still needs it is sent again under the
    /// same intent (when the venue makes that safe), an entry is cancelled (a late entry is not what the signal asked for).
    /// </summary>
    private async Task FollowUpAsync(string clientOrderId, int attempt, CancellationToken cancellationToken)
    {
        OrderIntent? intent = null;
        try
        {
            intent = await _store.FindIntentAsync(Venue, Account, clientOrderId, cancellationToken);
            if (intent is not { Status: OrderIntentStatus.Pending })
            {
                // Settled meanwhile (cancelled as stale, looked up by a reconcile pass …).
                return;
            }

            var answer = await FindSafelyAsync(intent, cancellationToken);
            if (answer is VenueAnswer.Known known)
            {
                await _store.UpdateIntentAsync(Venue, Account, clientOrderId, known.Status == OrderIntentStatus.Filled ? OrderIntentStatus.Sent : known.Status, known.VenueOrderId, "found on the venue by its client order id", cancellationToken);
                DispatchLog.FoundOnFollowUp(_logger, Venue, Account, clientOrderId, intent.Kind, intent.Symbol, attempt, known.Status);
                if (known.Status == OrderIntentStatus.Rejected && ProtectedPosition(intent) is { } rejectedFor)
                {
                    await HandOverAsync(rejectedFor, intent, "rejected by the venue", null, cancellationToken);
                }

                return;
            }

            var notFound = answer is VenueAnswer.NotFound;
            var why = answer is VenueAnswer.Unknown unknown ? unknown.Message : answer is VenueAnswer.Refused refused ? refused.Message : "not found on the venue";
            switch (intent.Purpose)
            {
                case OrderPurpose.ExitPosition exit when ProtectedPosition(intent) is not null:
                    await FollowUpProtectionAsync(intent, exit.StrategyPositionId, notFound, why, attempt, cancellationToken);
                    break;
                case OrderPurpose.ExitPosition exit:
                    await FollowUpExitAsync(intent, exit, notFound, why, attempt, cancellationToken);
                    break;
                case OrderPurpose.Entry or OrderPurpose.ExitStrategy or OrderPurpose.Unplaced:
                    await FollowUpLookupOnlyAsync(intent, notFound, why, attempt, cancellationToken);
                    break;
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The store or the venue failed under the follow-up itself: the intent is still pending, so try again.
            var delay = Schedule(clientOrderId, attempt);
            DispatchLog.FollowUpFailed(_logger, Venue, Account, clientOrderId, delay, e);
        }
    }

    /// <summary>A take-profit/stop-loss not confirmed on the venue: sent again a bounded number of times, then its levels are handed over.</summary>
    private async Task FollowUpProtectionAsync(OrderIntent intent, string strategyPositionId, bool notFound, string why, int attempt, CancellationToken cancellationToken)
    {
        var last = attempt >= _options.ProtectionAttempts;
        if (!notFound && !last)
        {
            Later(intent, attempt + 1, why);
            return;
        }

        var position = await OpenPositionAsync(strategyPositionId, cancellationToken);
        if (position is null || position.OpenQuantity != intent.Quantity)
        {
            if (notFound)
            {
                // The position changed meanwhile; the report of that change places what it needs now.
                await _store.UpdateIntentAsync(Venue, Account, intent.ClientOrderId, OrderIntentStatus.Canceled, null, "not on the venue and its strategy position changed; not sent again", cancellationToken);
                DispatchLog.FollowedUp(_logger, Venue, Account, intent.ClientOrderId, intent.Kind, intent.Symbol, attempt, "not on the venue and its position changed: cancelled, not sent again", why);
            }
            else
            {
                DispatchLog.FollowedUp(_logger, Venue, Account, intent.ClientOrderId, intent.Kind, intent.Symbol, attempt, "still unknown and its position changed: left pending for the next start", why);
            }

            return;
        }

        if (last || _orders.ResendSafeAfter is null)
        {
            var detail = notFound
                ? $"not placed after {attempt} attempt(s): {why}"
                : $"outcome still unknown after {attempt} attempt(s): {why}";
            if (!notFound)
            {
                // It may stand after all: cancel it (best effort) so that the venue and the monitor do not both exit.
                await CancelQuietlyAsync(intent, cancellationToken);
            }

            await _store.UpdateIntentAsync(Venue, Account, intent.ClientOrderId, OrderIntentStatus.Rejected, null, detail, cancellationToken);
            DispatchLog.FollowedUp(_logger, Venue, Account, intent.ClientOrderId, intent.Kind, intent.Symbol, attempt, "given up", detail);
            await HandOverAsync(strategyPositionId, intent, detail, null, cancellationToken);
            return;
        }

        DispatchLog.FollowedUp(_logger, Venue, Account, intent.ClientOrderId, intent.Kind, intent.Symbol, attempt, "not on the venue: sent again under the same client order id", why);
        await SettleAsync(intent, await PlaceSafelyAsync(intent, cancellationToken), attempt + 1, cancellationToken);
    }

    /// <summary>A market exit not confirmed on the venue: followed up until sent, refused for good, or its position is no longer open.</summary>
    private async Task FollowUpExitAsync(OrderIntent intent, OrderPurpose.ExitPosition exit, bool notFound, string why, int attempt, CancellationToken cancellationToken)
    {
        if (!notFound)
        {
            Later(intent, attempt + 1, why);
            return;
        }

        var position = await OpenPositionAsync(exit.StrategyPositionId, cancellationToken);
        if (position is null)
        {
            await _store.UpdateIntentAsync(Venue, Account, intent.ClientOrderId, OrderIntentStatus.Canceled, null, "not on the venue and its strategy position is no longer open; not sent again", cancellationToken);
            DispatchLog.FollowedUp(_logger, Venue, Account, intent.ClientOrderId, intent.Kind, intent.Symbol, attempt, "not on the venue and its position is no longer open: cancelled", why);
            return;
        }

        if (_orders.ResendSafeAfter is null)
        {
            await _store.UpdateIntentAsync(Venue, Account, intent.ClientOrderId, OrderIntentStatus.Canceled, null, "not on the venue; the venue gives no time after which sending again is safe, so it is not sent again", cancellationToken);
            DispatchLog.FollowedUp(_logger, Venue, Account, intent.ClientOrderId, intent.Kind, intent.Symbol, attempt, "not on the venue: cancelled, not sent again (no safe resend on this venue)", why);
            return;
        }

        var quantity = await ExitQuantityAsync(position, cancellationToken);
        if (quantity != intent.Quantity)
        {
            // Part of it was closed meanwhile: the same intent would take more than this position holds. The
            // replacement is committed before the old intent is cancelled, so a crash in between leaves an exit to recover.
            OrderIntent? replacement = quantity > 0m ? Exit(position, quantity, exit.Reason, intent.SignalId, _time.GetUtcNow()) : null;
            if (replacement is not null)
            {
                await _store.SaveIntentAsync(replacement, cancellationToken);
            }

            await _store.UpdateIntentAsync(Venue, Account, intent.ClientOrderId, OrderIntentStatus.Canceled, null, $"not on the venue and its strategy position now holds {position.OpenQuantity}; replaced", cancellationToken);
            if (replacement is null)
            {
                DispatchLog.ExitBelowStep(_logger, Venue, Account, position.StrategyPositionId, position.Symbol, position.OpenQuantity);
                return;
            }

            DispatchLog.FollowedUp(_logger, Venue, Account, intent.ClientOrderId, intent.Kind, intent.Symbol, attempt, "not on the venue and its position changed: replaced by", replacement.ClientOrderId);
            await SendAsync(replacement, cancellationToken);
            return;
        }

        DispatchLog.FollowedUp(_logger, Venue, Account, intent.ClientOrderId, intent.Kind, intent.Symbol, attempt, "not on the venue: sent again under the same client order id", why);
        await SettleAsync(intent, await PlaceSafelyAsync(intent, cancellationToken), attempt + 1, cancellationToken);
    }

    /// <summary>An entry (or any other intent) not confirmed on the venue: looked up, never sent again.</summary>
    private async Task FollowUpLookupOnlyAsync(OrderIntent intent, bool notFound, string why, int attempt, CancellationToken cancellationToken)
    {
        if (notFound)
        {
            await _store.UpdateIntentAsync(Venue, Account, intent.ClientOrderId, OrderIntentStatus.Canceled, null, "not found on the venue after an unanswered send; not resent", cancellationToken);
            DispatchLog.FollowedUp(_logger, Venue, Account, intent.ClientOrderId, intent.Kind, intent.Symbol, attempt, "not on the venue: cancelled, not resent", why);
        }
        else if (attempt < _options.ProtectionAttempts)
        {
            Later(intent, attempt + 1, why);
        }
        else
        {
            DispatchLog.FollowedUp(_logger, Venue, Account, intent.ClientOrderId, intent.Kind, intent.Symbol, attempt, "still unknown: left pending for the next start", why);
        }
    }

    private async Task<StrategyPosition?> OpenPositionAsync(string strategyPositionId, CancellationToken cancellationToken) =>
        (await _store.StrategyPositionsAsync(Venue, Account, symbol: null, openOnly: true, cancellationToken))
            .FirstOrDefault(p => p.StrategyPositionId == strategyPositionId && p.OpenQuantity > 0m && p.CloseReason is not (CloseReason.TakeProfit or CloseReason.StopLoss));

    /// <summary>
    /// The venue does not hold one of this position's levels, so the risk monitor watches both (it watches a position's
    /// take-profit and stop-loss together): the sibling conditional order still working is cancelled, so that one
    /// move never gets two exits, and <see cref="LevelsNotHeld"/> is told.
    /// </summary>
    /// <param name="mine">The position's intents when the caller has them; read from the store otherwise.</param>
    private async Task HandOverAsync(string strategyPositionId, OrderIntent intent, string why, IReadOnlyList<OrderIntent>? mine, CancellationToken cancellationToken)
    {
        mine ??= [.. (await _store.ReadIntentsAsync(Venue, Account, [OrderIntentStatus.Pending, OrderIntentStatus.Sent], cancellationToken))
            .Where(i => ProtectedPosition(i) == strategyPositionId)];
        // The monitor is told first: a cancel that fails below must not leave the levels watched by nobody.
        if (!IsHandedOver(strategyPositionId))
        {
            DispatchLog.LevelsHandedOver(_logger, Venue, Account, intent.Kind, intent.ClientOrderId, strategyPositionId, why);
        }

        HandOver(strategyPositionId);
        foreach (var sibling in mine.Where(i => IsLive(i) && ProtectedPosition(i) == strategyPositionId && i.ClientOrderId != intent.ClientOrderId))
        {
            await CancelAsync(sibling, strategyPositionId, "its levels are watched by the risk monitor", cancellationToken);
        }
    }

    /// <summary>
    /// Tells <see cref="LevelsNotHeld"/> (once per position while this dispatcher runs; again after a restart) that
    /// the risk monitor must watch this position's take-profit and stop-loss.
    /// </summary>
    private void HandOver(string strategyPositionId)
    {
        if (_handedOver.Add(strategyPositionId))
        {
            LevelsNotHeld?.Invoke(strategyPositionId);
        }
    }

    private bool IsHandedOver(string strategyPositionId) => _handedOver.Contains(strategyPositionId);

    private async Task CancelQuietlyAsync(OrderIntent intent, CancellationToken cancellationToken)
    {
        try
        {
            await _orders.CancelAsync(intent, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            DispatchLog.CancelFailed(_logger, Venue, Account, intent.ClientOrderId, e);
        }
    }

    /// <summary>A closed position is not watched any more: a later restart or reuse starts afresh.</summary>
    private void Forget(string strategyPositionId) => _handedOver.Remove(strategyPositionId);

    /// <summary>The strategy position a take-profit/stop-loss intent protects; null for any other intent.</summary>
    private static string? ProtectedPosition(OrderIntent intent) =>
        intent.Kind is OrderIntentKind.TakeProfitMarket or OrderIntentKind.StopMarket && intent.Purpose is OrderPurpose.ExitPosition exit
            ? exit.StrategyPositionId
            : null;

    /// <summary>
    /// Refusals that say "not now" rather than "never" (binance-wire.md §9): -1001 disconnected, -1003 too many
    /// requests, -1006/-1007 unexpected answer or timeout (status unknown), -1008 overloaded, -1021 timestamp outside
    /// recvWindow.
    /// </summary>
    private static bool IsTransient(VenueAnswer.Refused refused) => refused.Code is -1001 or -1003 or -1006 or -1007 or -1008 or -1021;

    private void Later(OrderIntent intent, int attempt, string message)
    {
        var delay = Schedule(intent.ClientOrderId, attempt);
        DispatchLog.OrderUnknown(_logger, Venue, Account, intent.ClientOrderId, intent.Kind, intent.Symbol, attempt, message, delay);
    }

    /// <summary>Posts follow-up number <paramref name="attempt"/> to the account's queue after the backoff (and no sooner than a resend is safe).</summary>
    private TimeSpan Schedule(string clientOrderId, int attempt)
    {
        var delay = Backoff(attempt);
        if (_orders.ResendSafeAfter is { } safe && safe > delay)
        {
            delay = safe;
        }

        var pending = new FollowUpTimer(new Work.FollowUp(clientOrderId, attempt));
        lock (_followUpLock)
        {
            if (_stopped)
            {
                return delay;
            }

            _followUps.Add(pending);
        }

        // A clock may fire the timer inside CreateTimer (a test's virtual clock): Post copes with a timer not yet kept.
        var timer = _time.CreateTimer(_ => Post(pending), null, delay, Timeout.InfiniteTimeSpan);
        bool waiting;
        lock (_followUpLock)
        {
            pending.Timer = timer;
            waiting = _followUps.Contains(pending);
        }

        if (!waiting)
        {
            timer.Dispose();
        }

        return delay;
    }

    private void Schedule(OrderIntent intent, int attempt) => Schedule(intent.ClientOrderId, attempt);

    private void Post(FollowUpTimer pending)
    {
        ITimer? timer;
        lock (_followUpLock)
        {
            if (!_followUps.Remove(pending))
            {
                return;
            }

            timer = pending.Timer;
        }

        timer?.Dispose();
        _work.Writer.TryWrite(pending.Work);
    }

    private TimeSpan Backoff(int attempt)
    {
        var ticks = _options.RetryDelay.Ticks;
        var max = _options.MaxRetryDelay.Ticks;
        for (var i = 1; i < attempt && ticks < max; i++)
        {
            ticks *= 2;
        }

        return TimeSpan.FromTicks(Math.Min(ticks, max));
    }

    private void StopRetries()
    {
        lock (_followUpLock)
        {
            _stopped = true;
            foreach (var pending in _followUps)
            {
                pending.Timer?.Dispose();
            }

            _followUps.Clear();
        }
    }

    /// <summary>A follow-up waiting for its time, and its timer once created.</summary>
    private sealed class FollowUpTimer(Work.FollowUp work)
    {
        public Work.FollowUp Work { get; } = work;

        public ITimer? Timer { get; set; }
    }
}
