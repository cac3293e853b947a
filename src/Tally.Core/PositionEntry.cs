namespace Tally.Core;

/// <summary>One opening or increasing leg of the current cycle.</summary>
public readonly record struct PositionEntry(decimal Price, decimal Quantity, DateTimeOffset? Timestamp, Side Side);
