using Tally.Core;

namespace Tally.Import;

/// <summary>A fill read from a file, with the line it came from and, for venue payloads, the raw record.</summary>
public sealed record ParsedFill(int Line, Fill Fill, string? Raw = null);
