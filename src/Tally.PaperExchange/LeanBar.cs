namespace Tally.PaperExchange;

/// <summary>One bar of a price file: its time in ms after the file's first bar, its close and its volume (base units).</summary>
public readonly record struct LeanBar(long OffsetMilliseconds, decimal Close, decimal Volume);
