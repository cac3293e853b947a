namespace Tally.Core.Risk;

/// <summary>An open long and its correlation to a leader, as the correlated-dump rule weighs it.</summary>
public readonly record struct CorrelationExposure(string StrategyPositionId, string Symbol, decimal Correlation);
