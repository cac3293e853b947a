namespace Tally.Engine.Dispatch;

/// <summary>What sizing needs to know about a symbol on a venue: its filters and the asset margin is held in.</summary>
/// <param name="MinNotional">Price × quantity an entry must reach; null when the venue publishes none.</param>
public sealed record VenueSymbol(string Symbol, string MarginAsset, decimal? TickSize, decimal? StepSize, decimal? MinQuantity, decimal? MinNotional)
{
    /// <summary>Down to a whole number of steps (unchanged without a step size).</summary>
    public decimal RoundQuantityDown(decimal quantity) =>
        StepSize is { } step && step > 0m ? decimal.Floor(quantity / step) * step : quantity;

    /// <summary>To the nearest tick (unchanged without a tick size).</summary>
    public decimal RoundPrice(decimal price) =>
        TickSize is { } tick && tick > 0m ? decimal.Round(price / tick, MidpointRounding.AwayFromZero) * tick : price;
}
