using System.Collections.Concurrent;
using Tally.Core.Signals;
using Tally.Engine.Dispatch;

namespace Tally.Api.Tests;

/// <summary>
/// An intake that remembers what it was given and decides by <see cref="Decide"/> (accept by default), keeping the
/// first decision per signal id as the real one does.
/// </summary>
internal sealed class FakeIntake : ISignalIntake
{
    private readonly ConcurrentDictionary<string, SignalReceipt> _first = new(StringComparer.Ordinal);

    public ConcurrentQueue<Signal> Received { get; } = new();

    public Func<Signal, SignalDecision> Decide { get; init; } = _ => SignalDecision.Accept("no conflict");

    /// <summary>The accounts it runs; a signal for another one is refused with <see cref="ArgumentException"/>.</summary>
    public IReadOnlyList<string> Accounts { get; init; } = ["default/default"];

    public Task<SignalReceipt> SubmitAsync(Signal signal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(signal);
        if (!Accounts.Contains($"{signal.Venue}/{signal.Account}"))
        {
            throw new ArgumentException($"no account {signal.Venue}/{signal.Account}", nameof(signal));
        }

        Received.Enqueue(signal);
        if (_first.TryGetValue(signal.SignalId, out var first))
        {
            return Task.FromResult(first with { Repeated = true });
        }

        var decision = Decide(signal);
        var receipt = new SignalReceipt(signal, decision, Repeated: false, decision.Accepted ? $"tly-{signal.SignalId}" : null, DateTimeOffset.UnixEpoch);
        return Task.FromResult(_first.GetOrAdd(signal.SignalId, receipt));
    }
}
