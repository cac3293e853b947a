namespace Tally.Exchanges.Binance;

public abstract partial record BinanceUserDataEvent
{
    /// <summary>
    /// USD-M <c>ACCOUNT_UPDATE</c>: balances and positions that changed, and why (<c>a.m</c>).
    /// </summary>
    /// <param name="Reason"><c>a.m</c> as sent: ORDER, FUNDING_FEE, DEPOSIT, WITHDRAW, ADJUSTMENT, MARGIN_TRANSFER, …</param>
    /// <param name="BusinessUnit"><c>fs</c> on Portfolio Margin ("UM" or "CM"); null otherwise.</param>
    /// <param name="AccountAlias">Top-level <c>i</c> on Portfolio Margin; null otherwise.</param>
    /// <param name="Positions">Only the books that changed; empty for a cross-margin FUNDING_FEE.</param>
    public sealed record AccountUpdate(
        long EventTime,
        long TransactionTime,
        string? BusinessUnit,
        string? AccountAlias,
        string Reason,
        IReadOnlyList<BinanceFuturesBalance> Balances,
        IReadOnlyList<BinanceFuturesPositionUpdate> Positions) : BinanceUserDataEvent
    {
        public const string EventType = "ACCOUNT_UPDATE";

        public bool IsFundingFee => Reason == "FUNDING_FEE";

        internal static AccountUpdate Read(BinanceJsonObject e)
        {
            var account = e.Object("a");
            return new(
                EventTime: e.Int64("E"),
                TransactionTime: e.Int64("T"),
                BusinessUnit: e.OptionalString("fs"),
                AccountAlias: e.OptionalString("i"),
                Reason: account.String("m"),
                Balances: [.. account.Objects("B").Select(BinanceFuturesBalance.Read)],
                Positions: [.. account.Objects("P").Select(BinanceFuturesPositionUpdate.Read)]);
        }
    }
}
