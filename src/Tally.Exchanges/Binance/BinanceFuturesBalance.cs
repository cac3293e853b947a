namespace Tally.Exchanges.Binance;

/// <summary>One entry of <c>a.B</c> in a USD-M <c>ACCOUNT_UPDATE</c>: an asset whose balance changed.</summary>
/// <param name="WalletBalance"><c>wb</c>: wallet balance after the change.</param>
/// <param name="CrossWalletBalance"><c>cw</c>; null when absent.</param>
/// <param name="BalanceChange"><c>bc</c>: change excluding PnL and fees (deposits, withdrawals, transfers); 0 when absent.</param>
public readonly record struct BinanceFuturesBalance(string Asset, decimal WalletBalance, decimal? CrossWalletBalance, decimal BalanceChange)
{
    internal static BinanceFuturesBalance Read(BinanceJsonObject b) => new(
        b.String("a"),
        b.Decimal("wb"),
        b.OptionalDecimal("cw"),
        b.OptionalDecimal("bc") ?? 0m);
}
