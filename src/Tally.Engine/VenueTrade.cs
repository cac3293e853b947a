namespace Tally.Engine;

/// <summary>One trade as a venue's REST trade list shows it, reduced to what the silent-stream check compares.</summary>
/// <param name="Id">The venue's trade id (ascending per symbol).</param>
/// <param name="Time">Unix milliseconds.</param>
public readonly record struct VenueTrade(long Id, long Time);
