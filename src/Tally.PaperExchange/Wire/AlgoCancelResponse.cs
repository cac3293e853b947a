namespace Tally.PaperExchange.Wire;

/// <summary>DELETE /fapi/v1/algoOrder answer; code is a string here ("200"), unlike error bodies.</summary>
public sealed record AlgoCancelResponse(long AlgoId, string ClientAlgoId, string Code, string Msg);
