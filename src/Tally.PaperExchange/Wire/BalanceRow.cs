namespace Tally.PaperExchange.Wire;

/// <summary>One GET /fapi/v2|v3/balance row.</summary>
public sealed record BalanceRow(
    string AccountAlias,
    string Asset,
    string Balance,
    string CrossWalletBalance,
    string CrossUnPnl,
    string AvailableBalance,
    string MaxWithdrawAmount,
    bool MarginAvailable,
    long UpdateTime);
