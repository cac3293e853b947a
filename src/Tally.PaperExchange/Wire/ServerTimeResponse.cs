namespace Tally.PaperExchange.Wire;

/// <summary>GET /fapi/v1/time: <c>{"serverTime":1767225600000}</c> (ms since epoch).</summary>
public sealed record ServerTimeResponse(long ServerTime);
