namespace Tally.Storage;

/// <summary>What a <see cref="SyncCheckpoint"/> tracks. Stored as its wire name (<c>trades</c>, <c>funding</c>).</summary>
public enum SyncCheckpointKind
{
    /// <summary>Trades: the last trade id and time read for a symbol.</summary>
    Trades,

    /// <summary>Funding payments: the last funding id (tranId) and funding time read.</summary>
    Funding,
}

public static class SyncCheckpointKinds
{
    public static string ToWireName(this SyncCheckpointKind kind) => kind switch
    {
        SyncCheckpointKind.Trades => "trades",
        SyncCheckpointKind.Funding => "funding",
    };

    public static SyncCheckpointKind Parse(string text) => text switch
    {
        "trades" => SyncCheckpointKind.Trades,
        "funding" => SyncCheckpointKind.Funding,
        _ => throw new InvalidDataException($"sync_checkpoints.kind holds \"{text}\", which this tally does not know"),
    };
}
