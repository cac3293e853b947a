namespace Tally.PaperExchange;

/// <summary>A GET /fapi/v1/income request after parsing. Times are inclusive; <see cref="Page"/> counts from 1.</summary>
public sealed record IncomeQuery(string? Symbol, IncomeType? Type, DateTimeOffset? StartTime, DateTimeOffset? EndTime, int Page, int Limit);
