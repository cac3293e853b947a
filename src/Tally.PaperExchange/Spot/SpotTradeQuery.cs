namespace Tally.PaperExchange.Spot;

/// <summary>GET /api/v3/myTrades after parsing; the venue checks how the parameters combine.</summary>
/// <param name="FromId">Inclusive: rows with id ≥ FromId.</param>
/// <param name="Limit">Rows at most, 1…1000 (default 500).</param>
public sealed record SpotTradeQuery(string Symbol, long? OrderId, long? FromId, DateTimeOffset? StartTime, DateTimeOffset? EndTime, int Limit);
