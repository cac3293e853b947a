using Tally.Core.Signals;

namespace Tally.Engine.Dispatch;

/// <summary>The answer to a submitted signal: its decision with the reason, and the entry's client order id when an order was sent.</summary>
public sealed record SignalReceipt(Signal Signal, SignalDecision Decision, bool Repeated, string? ClientOrderId, DateTimeOffset ReceivedAt);
