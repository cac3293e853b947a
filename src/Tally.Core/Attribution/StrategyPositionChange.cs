namespace Tally.Core.Attribution;

/// <summary>What one fill did to one strategy position (<see cref="AttributionBook.LastApplied"/>).</summary>
/// <param name="Position">The position after the fill.</param>
/// <param name="Opened">The fill opened it.</param>
/// <param name="Entered">Quantity the fill added to it.</param>
/// <param name="Exited">Quantity the fill took off it.</param>
public sealed record StrategyPositionChange(StrategyPosition Position, bool Opened, decimal Entered, decimal Exited);
