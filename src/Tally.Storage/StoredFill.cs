using Tally.Core;

namespace Tally.Storage;

/// <summary>A fill as the log holds it: the fill, its place in the log, and what folding it did.</summary>
/// <param name="Seq">Position in the log (the order it was received); each key folds in <see cref="VenueOrder"/>, where it only breaks ties.</param>
/// <param name="Action">Null until the fill has been folded (<paramref name="Processed"/> false).</param>
public sealed record StoredFill(
    long Seq,
    Fill Fill,
    PositionAction? Action,
    decimal? RealizedPnl,
    decimal P1Delta,
    decimal P2Delta,
    bool Processed,
    string? Raw,
    DateTimeOffset IngestedAt);
