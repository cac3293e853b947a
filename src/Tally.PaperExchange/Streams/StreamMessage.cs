namespace Tally.PaperExchange.Streams;

/// <summary>One message for a <see cref="StreamFanout"/>: its stream name (null: every subscriber) and its JSON.</summary>
/// <param name="Stream">e.g. <c>btcusdt@aggTrade</c>; null for user-data events and raw test frames, which every connection gets.</param>
public readonly record struct StreamMessage(string? Stream, string Json);
