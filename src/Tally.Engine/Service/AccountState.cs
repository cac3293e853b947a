namespace Tally.Engine.Service;

/// <summary>Where an <see cref="AccountRunner"/> is.</summary>
public enum AccountState
{
    /// <summary>Reading the venue's limits and finding the symbols to follow.</summary>
    Starting,

    /// <summary>"Every traded symbol" found none yet; looks again every discovery interval.</summary>
    WaitingForSymbols,

    /// <summary>Getting a listenKey and opening the user-data stream.</summary>
    Connecting,

    /// <summary>Stream open and buffered while the REST back-fill from the checkpoints runs.</summary>
    CatchingUp,

    /// <summary>Back-fill done; fills arrive from the stream, checked against REST.</summary>
    Live,

    /// <summary>A REST call failed past the client's retries; starting again after a pause.</summary>
    Retrying,

    /// <summary>The venue refused the key (bad key, signature or permissions): nothing more is tried.</summary>
    Stopped,
}
