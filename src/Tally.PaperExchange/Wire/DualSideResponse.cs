namespace Tally.PaperExchange.Wire;

/// <summary>GET /fapi/v1/positionSide/dual: true = hedge mode.</summary>
public sealed record DualSideResponse(bool DualSidePosition);
