namespace Tally.PaperExchange;

/// <summary>Why a <see cref="BalanceEvent"/> moved the wallet: ACCOUNT_UPDATE's <c>m</c>.</summary>
public enum BalanceChangeReason
{
    FundingFee,
    InsuranceClear,
}
