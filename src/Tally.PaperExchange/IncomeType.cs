namespace Tally.PaperExchange;

/// <summary>The income (GET /fapi/v1/income) kinds the paper exchange books.</summary>
public enum IncomeType
{
    /// <summary>Price PnL of a fill, before fees; one row per fill that realized something.</summary>
    RealizedPnl,

    /// <summary>A fill's fee, negative when paid; one row per fill with a non-zero fee.</summary>
    Commission,

    /// <summary>A funding payment, negative when paid; one row per open position and funding time.</summary>
    FundingFee,

    /// <summary>What the insurance fund paid to bring a liquidated wallet back to 0; positive.</summary>
    InsuranceClear,
}
