namespace Tally.Core.Risk;

/// <summary>
/// A strategy position handed to the <see cref="StopBook"/>: its trailing distance d as a fraction (from
/// <see cref="AssetClassMap.TrailingDistance(string)"/> or a custom one) and an optional activation price.
/// </summary>
public readonly record struct StopOrder(
    string StrategyPositionId,
    string Symbol,
    ExposureSide Side,
    decimal EntryPrice,
    decimal Distance,
    decimal? Activation = null);
