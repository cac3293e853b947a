namespace Tally.PaperExchange.Spot;

/// <summary>One asset of the spot account: free to use, and locked by resting orders.</summary>
public readonly record struct SpotBalance(string Asset, decimal Free, decimal Locked);
