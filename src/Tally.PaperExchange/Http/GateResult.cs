using Microsoft.AspNetCore.Http;

namespace Tally.PaperExchange.Http;

/// <summary>A request that passed the gate (its parameters), or the answer that turned it away.</summary>
public readonly record struct GateResult(IResult? Rejection, RequestParameters Parameters);
