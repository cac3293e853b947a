using Tally.Core;

namespace Tally.Import;

/// <summary>
/// A fill read from a file, with the line it came from, for venue payloads the raw record, and for replay rows
/// with strategy columns what they say about the fill's order.
/// </summary>
public sealed record ParsedFill(int Line, Fill Fill, string? Raw = null, FillIntent? Intent = null);
