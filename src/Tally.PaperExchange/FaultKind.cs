namespace Tally.PaperExchange;

/// <summary>Misbehaviours the REST API can inject (binance-wire.md §3).</summary>
public enum FaultKind
{
    /// <summary>503 "Service Unavailable.": the request was not executed; safe to retry.</summary>
    Unavailable,

    /// <summary>503 "Unknown error…": the order was executed but the answer is lost; status unknown to the client.</summary>
    UnknownReply,

    /// <summary>408 -1007 backend timeout: the order was executed; status unknown to the client.</summary>
    Timeout,
}
