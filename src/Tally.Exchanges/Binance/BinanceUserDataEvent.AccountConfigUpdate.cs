namespace Tally.Exchanges.Binance;

public abstract partial record BinanceUserDataEvent
{
    /// <summary>
    /// USD-M <c>ACCOUNT_CONFIG_UPDATE</c>: a symbol's leverage changed (<c>ac</c> {s, l}) or the
    /// multi-assets mode changed (<c>ai</c> {j}). The fields of the part that was not sent are null.
    /// </summary>
    public sealed record AccountConfigUpdate(
        long EventTime,
        long TransactionTime,
        string? Symbol,
        int? Leverage,
        bool? MultiAssetsMode) : BinanceUserDataEvent
    {
        public const string EventType = "ACCOUNT_CONFIG_UPDATE";

        internal static AccountConfigUpdate Read(BinanceJsonObject e)
        {
            var leverage = e.OptionalObject("ac");
            var assets = e.OptionalObject("ai");
            return new(
                EventTime: e.Int64("E"),
                TransactionTime: e.Int64("T"),
                Symbol: leverage?.String("s"),
                Leverage: leverage?.Int32("l"),
                MultiAssetsMode: assets?.Boolean("j"));
        }
    }
}
