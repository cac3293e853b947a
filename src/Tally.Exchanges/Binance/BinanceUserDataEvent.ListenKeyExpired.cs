namespace Tally.Exchanges.Binance;

public abstract partial record BinanceUserDataEvent
{
    /// <summary>
    /// USD-M <c>listenKeyExpired</c>: the stream is dead until a new key is created and the socket
    /// reconnected; back-fill with REST afterwards. <c>E</c> has been seen as a string here.
    /// </summary>
    /// <param name="ListenKey">The expired key; null when absent. Not printed by <see cref="ToString"/>.</param>
    public sealed record ListenKeyExpired(long EventTime, string? ListenKey) : BinanceUserDataEvent
    {
        public const string EventType = "listenKeyExpired";

        internal static ListenKeyExpired Read(BinanceJsonObject e) => new(e.Int64("E"), e.OptionalString("listenKey"));

        public override string ToString() => $"{nameof(ListenKeyExpired)} {{ EventTime = {EventTime} }}";
    }
}
