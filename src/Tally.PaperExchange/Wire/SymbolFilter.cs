namespace Tally.PaperExchange.Wire;

/// <summary>
/// One exchangeInfo symbol filter. Each filter type carries its own fields (decimals as strings); the others
/// stay null and are not written.
/// </summary>
public sealed record SymbolFilter(string FilterType)
{
    public string? MinPrice { get; init; }

    public string? MaxPrice { get; init; }

    public string? TickSize { get; init; }

    public string? MinQty { get; init; }

    public string? MaxQty { get; init; }

    public string? StepSize { get; init; }

    public string? Notional { get; init; }
}
