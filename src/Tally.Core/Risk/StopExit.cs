namespace Tally.Core.Risk;

/// <summary>A trailing stop hit by a tick: the stop in force and the tick's price (where the exit is simulated).</summary>
public readonly record struct StopExit(string StrategyPositionId, string Symbol, ExposureSide Side, decimal Stop, decimal Price);
