namespace Tally.PaperExchange.Wire;

/// <summary>One exchangeInfo.symbols entry (the subset a connector needs).</summary>
public sealed record SymbolInfo(
    string Symbol,
    string Pair,
    string ContractType,
    string Status,
    string BaseAsset,
    string QuoteAsset,
    string MarginAsset,
    int PricePrecision,
    int QuantityPrecision,
    IReadOnlyList<SymbolFilter> Filters,
    IReadOnlyList<string> OrderTypes,
    IReadOnlyList<string> TimeInForce);
