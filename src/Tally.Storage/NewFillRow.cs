using Tally.Core;

namespace Tally.Storage;

/// <summary>A fill about to be appended, already folded: its action, realized PnL and cash-flow deltas.</summary>
public sealed record NewFillRow(
    Fill Fill,
    string? Raw,
    PositionAction Action,
    decimal RealizedPnl,
    decimal P1Delta,
    decimal P2Delta,
    DateTimeOffset IngestedAt);
