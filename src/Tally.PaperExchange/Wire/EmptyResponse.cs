namespace Tally.PaperExchange.Wire;

/// <summary>GET /fapi/v1/ping answers <c>{}</c>.</summary>
public sealed record EmptyResponse;
