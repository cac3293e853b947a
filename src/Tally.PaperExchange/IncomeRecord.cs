namespace Tally.PaperExchange;

/// <summary>One row of GET /fapi/v1/income: a signed change of the wallet and why.</summary>
/// <param name="Symbol">The symbol the flow belongs to.</param>
/// <param name="Income">Signed: + received, − paid; rounded to 8 places.</param>
/// <param name="TranId">Unique per income type; counts up from one base for every type.</param>
/// <param name="TradeId">The fill behind a REALIZED_PNL or COMMISSION row; null otherwise.</param>
public sealed record IncomeRecord(
    string Symbol,
    IncomeType Type,
    decimal Income,
    string Asset,
    DateTimeOffset Time,
    long TranId,
    long? TradeId);
