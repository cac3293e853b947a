using Tally.Core.Signals;

namespace Tally.Engine.Dispatch;

/// <summary>
/// Where signals enter the engine (the HTTP API, webhooks, <c>tally signal</c> and embedding code all use it).
/// Decides the signal (DESIGN.md §4), stores the decision, and for an accepted one commits the order intent and
/// sends the order. The same signal id again returns the first decision (<see cref="SignalReceipt.Repeated"/>).
/// </summary>
public interface ISignalIntake
{
    /// <exception cref="ArgumentException">The signal names an account this engine does not run.</exception>
    Task<SignalReceipt> SubmitAsync(Signal signal, CancellationToken cancellationToken);
}
