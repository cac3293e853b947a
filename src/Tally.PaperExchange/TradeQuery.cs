namespace Tally.PaperExchange;

/// <summary>The parameters of GET /fapi/v1/userTrades after parsing; the venue checks how they combine.</summary>
/// <param name="FromId">Inclusive: rows with id ≥ FromId.</param>
/// <param name="Limit">Rows at most, 1…1000 (default 500).</param>
public sealed record TradeQuery(string Symbol, long? OrderId, long? FromId, DateTimeOffset? StartTime, DateTimeOffset? EndTime, int Limit);
