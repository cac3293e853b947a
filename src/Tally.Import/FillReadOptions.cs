using Tally.Core;

namespace Tally.Import;

/// <summary>How rows become fills.</summary>
/// <param name="Instruments">Resolves symbols; unknown symbols are row errors.</param>
/// <param name="Mode">When set, position sides are checked against it (hedge needs LONG/SHORT, one-way BOTH).</param>
/// <param name="Venue">Overrides the file's venue (or sets it for formats that carry none).</param>
/// <param name="Account">Overrides the file's account.</param>
public sealed record FillReadOptions(
    InstrumentCatalog Instruments,
    PositionMode? Mode = null,
    string? Venue = null,
    string? Account = null);
