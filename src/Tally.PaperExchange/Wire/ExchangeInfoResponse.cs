namespace Tally.PaperExchange.Wire;

/// <summary>GET /fapi/v1/exchangeInfo.</summary>
public sealed record ExchangeInfoResponse(
    string Timezone,
    long ServerTime,
    IReadOnlyList<RateLimitInfo> RateLimits,
    IReadOnlyList<SymbolInfo> Symbols);
