using Tally.PaperExchange.Wire;

namespace Tally.PaperExchange.Spot.Wire;

/// <summary>GET /api/v3/exchangeInfo (the subset a connector needs).</summary>
public sealed record SpotExchangeInfoResponse(
    string Timezone,
    long ServerTime,
    IReadOnlyList<RateLimitInfo> RateLimits,
    IReadOnlyList<SpotSymbolFilter> ExchangeFilters,
    IReadOnlyList<SpotSymbolInfo> Symbols);
