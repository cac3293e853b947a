namespace Tally.PaperExchange.Wire;

/// <summary>Binance's error body, also its success body for a few calls: <c>{"code":-1022,"msg":"…"}</c>.</summary>
public sealed record ErrorResponse(int Code, string Msg);
