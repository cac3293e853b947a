namespace Tally.Core;

/// <summary>An amount of one asset, e.g. 0.75 USDT of fees.</summary>
public readonly record struct AssetAmount(string Asset, decimal Amount);
