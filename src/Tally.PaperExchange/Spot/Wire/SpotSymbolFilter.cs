namespace Tally.PaperExchange.Spot.Wire;

/// <summary>One spot symbol filter; fields of other filter types stay null and are not written.</summary>
public sealed record SpotSymbolFilter(string FilterType)
{
    public string? MinPrice { get; init; }

    public string? MaxPrice { get; init; }

    public string? TickSize { get; init; }

    public string? MinQty { get; init; }

    public string? MaxQty { get; init; }

    public string? StepSize { get; init; }

    public string? MinNotional { get; init; }

    public bool? ApplyMinToMarket { get; init; }

    public string? MaxNotional { get; init; }

    public bool? ApplyMaxToMarket { get; init; }

    public int? AvgPriceMins { get; init; }
}
