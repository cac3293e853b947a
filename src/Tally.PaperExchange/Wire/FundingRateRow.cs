namespace Tally.PaperExchange.Wire;

/// <summary>One GET /fapi/v1/fundingRate row: a settled funding time.</summary>
public sealed record FundingRateRow(string Symbol, string FundingRate, long FundingTime, string MarkPrice);
