namespace Tally.PaperExchange.Wire;

/// <summary>One GET /fapi/v1/income row. <c>tradeId</c> is a string, empty when the flow has no fill behind it.</summary>
public sealed record IncomeRow(
    string Symbol,
    string IncomeType,
    string Income,
    string Asset,
    string Info,
    long Time,
    long TranId,
    string TradeId);
