namespace Tally.PaperExchange.Streams;

/// <summary>Ways the user-data stream misbehaves on one event, as real streams do (DESIGN.md §8).</summary>
public enum StreamFault
{
    /// <summary>The event is never sent.</summary>
    Drop,

    /// <summary>The event is sent twice.</summary>
    Duplicate,

    /// <summary>The event is held back and sent right after the next one.</summary>
    Reorder,

    /// <summary>Every connection is closed just before the event, which they therefore miss.</summary>
    Disconnect,

    /// <summary>
    /// The event is swallowed while the socket stays open (and keeps answering pings): a stalled stream that only
    /// a REST comparison can notice.
    /// </summary>
    Silent,

    /// <summary>
    /// The event is held for a while (on the exchange clock) and every event after it waits behind it, so the
    /// stream lags without losing or reordering anything.
    /// </summary>
    Delay,
}
