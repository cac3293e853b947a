using Tally.Core.Signals;

namespace Tally.Storage;

/// <summary>
/// A signal and its decision as stored (a row of <c>signals</c>). The same signal id again gets this decision back.
/// </summary>
/// <param name="EntryClientOrderId">For an accepted buy/sell: the client order id of its entry order, which is also the id of the strategy position it opens.</param>
public sealed record StoredSignal(Signal Signal, SignalDecision Decision, DateTimeOffset ReceivedAt, string? EntryClientOrderId);
