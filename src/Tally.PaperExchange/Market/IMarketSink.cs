namespace Tally.PaperExchange.Market;

/// <summary>Where the tape's stream messages go (<see cref="Streams.MarketStreams"/>); called under the venue's lock, must not block.</summary>
internal interface IMarketSink
{
    /// <summary>True when some connection reads <paramref name="stream"/>, so the message is worth building.</summary>
    bool Wants(string stream);

    void Publish(string stream, string json);
}
