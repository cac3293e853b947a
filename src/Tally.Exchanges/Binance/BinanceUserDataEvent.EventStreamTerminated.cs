namespace Tally.Exchanges.Binance;

public abstract partial record BinanceUserDataEvent
{
    /// <summary>Spot <c>eventStreamTerminated</c>: the WebSocket API subscription ended; subscribe again and back-fill.</summary>
    public sealed record EventStreamTerminated(long EventTime) : BinanceUserDataEvent
    {
        public const string EventType = "eventStreamTerminated";

        internal static EventStreamTerminated Read(BinanceJsonObject e) => new(e.Int64("E"));
    }
}
