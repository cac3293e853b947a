namespace Tally.Storage;

/// <summary>
/// Where an intent stands: <see cref="Pending"/> committed but not known to have reached the venue (after a crash:
/// look it up by client order id before sending again), <see cref="Sent"/> accepted by the venue, then one end state.
/// </summary>
public enum OrderIntentStatus
{
    Pending,
    Sent,
    Rejected,
    Filled,
    Canceled,
    Triggered,
    Expired,
}
