namespace Tally.PaperExchange.Algo;

/// <summary>An algo order's life (Binance's "Algo Status"; X of ALGO_UPDATE, algoStatus over REST).</summary>
public enum AlgoStatus
{
    /// <summary>Waiting for its trigger.</summary>
    New,

    /// <summary>The condition was met; the order is on its way to matching.</summary>
    Triggering,

    /// <summary>The resulting order was placed (actualOrderId is known).</summary>
    Triggered,

    /// <summary>The resulting order is done (filled, or expired for want of a position to reduce).</summary>
    Finished,

    /// <summary>Canceled by the client.</summary>
    Canceled,

    /// <summary>Canceled by the venue: a close-all order triggered with no position left to close.</summary>
    Expired,

    /// <summary>The resulting order was refused when triggered (a reduce-only order with nothing to reduce).</summary>
    Rejected,
}
