namespace Tally.PaperExchange;

/// <summary>One settled funding time of one symbol, as GET /fapi/v1/fundingRate lists it.</summary>
public sealed record FundingRecord(string Symbol, DateTimeOffset Time, decimal Rate, decimal MarkPrice);
