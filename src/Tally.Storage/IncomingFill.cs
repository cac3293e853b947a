using Tally.Core;

namespace Tally.Storage;

/// <summary>A fill offered to the log, with the venue's raw record when it came from one.</summary>
public sealed record IncomingFill(Fill Fill, string? Raw = null);
