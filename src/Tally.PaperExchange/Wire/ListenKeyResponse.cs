namespace Tally.PaperExchange.Wire;

/// <summary>POST /fapi/v1/listenKey: <c>{"listenKey":"…"}</c>.</summary>
public sealed record ListenKeyResponse(string ListenKey);
