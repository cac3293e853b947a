namespace Tally.Core.Signals;

/// <summary>What was decided about a signal, and why. Every decision has a reason; <see cref="ConflictsWith"/> names the signal that decided a conflict.</summary>
public sealed record SignalDecision(bool Accepted, string Reason, string? ConflictsWith = null)
{
    public static SignalDecision Accept(string reason, string? conflictsWith = null) => new(true, reason, conflictsWith);

    public static SignalDecision Reject(string reason, string? conflictsWith = null) => new(false, reason, conflictsWith);

    public string DecisionName => Accepted ? "accepted" : "rejected";
}
