using Tally.Core.Attribution;
using Tally.Core.Signals;
using Tally.Storage;

namespace Tally.Engine.Risk;

/// <summary>What came of an operator's action: done (with what it touched) or refused with the reason.</summary>
public abstract record OperatorOutcome(string Message)
{
    /// <summary>The request is stored (audited); a running engine carries it out at its next request poll.</summary>
    public sealed record Requested(string Message, IReadOnlyList<StrategyPosition> Affected) : OperatorOutcome(Message);

    /// <summary>Nothing needed doing (not halted).</summary>
    public sealed record Unchanged(string Message) : OperatorOutcome(Message);

    /// <summary>The action cannot be taken: nothing matches, or nothing is stored yet.</summary>
    public sealed record Refused(string Message) : OperatorOutcome(Message);
}

/// <summary>
/// The operator's actions on a running engine, through the store, so they work from any process (the CLI, the HTTP
/// API, a chat command) whether or not <c>tally run</c> is running: each is an audited request in <c>risk_requests</c>
/// the running risk monitor carries out at its next poll (or the next <c>tally run</c> at its start).
/// </summary>
public sealed class OperatorActions(FillLog log, TimeProvider time)
{
    /// <summary>
    /// Force close: every open strategy position whose id is <paramref name="idOrKey"/>, or every open one in the
    /// exchange position with that key (<c>BTCUSDT_LONG</c>, any case). Reduce-only market orders, reason manual.
    /// </summary>
    /// <param name="requestedBy">Who asked, for the audit row (<c>tally close</c>, <c>api</c>, <c>telegram 1234</c>).</param>
    public async Task<OperatorOutcome> CloseAsync(string idOrKey, string requestedBy, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(idOrKey);
        ArgumentException.ThrowIfNullOrWhiteSpace(requestedBy);
        idOrKey = idOrKey.Trim();
        var open = await log.StrategyPositionsAsync(new StrategyPositionQuery(StrategyPositionFilter.Open), cancellationToken);
        var matched = open.Where(p => p.StrategyPositionId == idOrKey || string.Equals(p.ExchangePositionKey, idOrKey, StringComparison.OrdinalIgnoreCase)).ToList();
        if (matched.Count == 0)
        {
            return new OperatorOutcome.Refused($"no open strategy position has id or exchange position key \"{idOrKey}\"");
        }

        var now = time.GetUtcNow();
        await log.RequestRiskAsync(
            new RiskRequest(0, now, RiskRequestKinds.Close, idOrKey, null, null),
            new AuditEntry(0, now, "force_close", idOrKey, null, string.Join(',', matched.Select(p => p.StrategyPositionId)), requestedBy),
            cancellationToken);
        return new OperatorOutcome.Requested(
            $"close requested for {matched.Count} strategy position(s): {string.Join(", ", matched.Select(p => $"{p.StrategyPositionId} ({p.Symbol} {p.ExchangePositionKey})"))}",
            matched);
    }

    /// <summary>Clears the drawdown breaker's halt (StopAllTrading) in the stored state, audited, and tells a running monitor.</summary>
    public async Task<OperatorOutcome> ResetHaltAsync(string requestedBy, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(requestedBy);
        var stored = await log.ReadRiskStateAsync(RiskMonitorOptions.StateName, cancellationToken);
        if (stored is null)
        {
            return new OperatorOutcome.Refused("no risk state stored yet; nothing to reset");
        }

        var state = RiskStateJson.Read(stored.State);
        if (!state.Breaker.Halted)
        {
            return new OperatorOutcome.Unchanged("not halted; nothing to reset");
        }

        var now = time.GetUtcNow();
        var cleared = state with { Breaker = state.Breaker.Reset() };
        var clearedJson = RiskStateJson.Write(cleared);
        string? status = null;
        if (stored.Status is { } statusJson)
        {
            var before = RiskStateJson.ReadStatus(statusJson);
            status = RiskStateJson.Write(before with
            {
                At = now,
                Gate = (cleared.Health.EntriesStopped ? RiskGate.StopNewEntries : RiskGate.Open).ToString(),
                Breaker = before.Breaker with { Halted = false, HaltedAt = null },
            });
        }

        await log.SaveRiskStateAsync(
            new StoredRiskState(RiskMonitorOptions.StateName, clearedJson, status, now),
            new AuditEntry(0, now, "risk_reset", RiskMonitorOptions.StateName, stored.State, clearedJson, requestedBy),
            new RiskRequest(0, now, RiskRequestKinds.Reset, null, null, null),
            cancellationToken);
        return new OperatorOutcome.Requested(
            string.Create(System.Globalization.CultureInfo.InvariantCulture, $"halt cleared (halted since {state.Breaker.HaltedAt:yyyy-MM-ddTHH:mm:ssZ})"),
            []);
    }

    /// <summary><c>/stopentry</c>: no new entries (exits and risk closes go on) until <see cref="StartAsync"/>; kept across restarts.</summary>
    public Task<OperatorOutcome> StopEntriesAsync(string requestedBy, CancellationToken cancellationToken) =>
        SwitchAsync(RiskGate.StopNewEntries, RiskRequestKinds.StopEntries, requestedBy, cancellationToken);

    /// <summary><c>/stop</c>: no new orders of any kind from signals (StopAllTrading) until <see cref="StartAsync"/>; kept across restarts.</summary>
    public Task<OperatorOutcome> StopAsync(string requestedBy, CancellationToken cancellationToken) =>
        SwitchAsync(RiskGate.StopAllTrading, RiskRequestKinds.Stop, requestedBy, cancellationToken);

    /// <summary><c>/start</c>: clears the operator's switch. The drawdown breaker's halt stays (cleared by <see cref="ResetHaltAsync"/>).</summary>
    public Task<OperatorOutcome> StartAsync(string requestedBy, CancellationToken cancellationToken) =>
        SwitchAsync(RiskGate.Open, RiskRequestKinds.Start, requestedBy, cancellationToken);

    /// <summary>The operator's switch as stored (<see cref="RiskGate.Open"/> when never set).</summary>
    public async Task<RiskGate> SwitchAsync(CancellationToken cancellationToken) =>
        OperatorSwitch.Read(await log.ReadRiskStateAsync(OperatorSwitch.Name, cancellationToken));

    private async Task<OperatorOutcome> SwitchAsync(RiskGate gate, string kind, string requestedBy, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(requestedBy);
        var stored = await log.ReadRiskStateAsync(OperatorSwitch.Name, cancellationToken);
        var before = OperatorSwitch.Read(stored);
        if (before == gate)
        {
            return new OperatorOutcome.Unchanged($"operator switch already {Describe(gate)}");
        }

        var now = time.GetUtcNow();
        var json = OperatorSwitch.Write(gate, requestedBy, now);
        await log.SaveRiskStateAsync(
            new StoredRiskState(OperatorSwitch.Name, json, null, now),
            new AuditEntry(0, now, "operator_switch", OperatorSwitch.Name, stored?.State, json, requestedBy),
            new RiskRequest(0, now, kind, gate.ToString(), null, null),
            cancellationToken);
        return new OperatorOutcome.Requested($"operator switch {Describe(before)} -> {Describe(gate)}", []);
    }

    private static string Describe(RiskGate gate) => gate switch
    {
        RiskGate.Open => "open (trading)",
        RiskGate.StopNewEntries => "stop new entries",
        RiskGate.StopAllTrading => "stop all trading",
    };
}
