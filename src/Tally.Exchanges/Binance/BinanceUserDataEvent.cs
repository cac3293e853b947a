namespace Tally.Exchanges.Binance;

/// <summary>
/// One message of a Binance user-data stream — USD-M futures (listenKey stream) or spot (WebSocket API
/// subscription) — as a closed set of cases; read it with <see cref="BinanceUserDataParser.Parse"/> and
/// handle it with a switch expression. Event types this code does not know yet (MARGIN_CALL, ALGO_UPDATE,
/// balanceUpdate, …) arrive as <see cref="Unknown"/> so that a new Binance event never breaks the stream.
/// </summary>
/// <remarks>
/// Times are Unix milliseconds as sent: <c>EventTime</c> is <c>E</c> (when Binance emitted the message; the
/// order across event types), <c>TransactionTime</c> is <c>T</c>. Cases holding lists compare them by
/// reference, like any record.
/// </remarks>
public abstract partial record BinanceUserDataEvent
{
    // Only the cases in this assembly can derive: the set is closed.
    private protected BinanceUserDataEvent()
    {
    }
}
