namespace Tally.PaperExchange;

/// <summary>
/// The wallet moved without a fill — ACCOUNT_UPDATE with reason FUNDING_FEE or INSURANCE_CLEAR. Cross margin: the
/// event carries only the balance row, no positions (binance-wire.md §7.4).
/// </summary>
/// <param name="At">For funding, the funding time, not the moment the venue caught up with it.</param>
/// <param name="Change">Signed: + received, − paid (the <c>bc</c> field).</param>
/// <param name="WalletBalance">The wallet after the change.</param>
public sealed record BalanceEvent(DateTimeOffset At, BalanceChangeReason Reason, string Symbol, string Asset, decimal Change, decimal WalletBalance) : VenueEvent(At);
