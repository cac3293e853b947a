namespace Tally.PaperExchange.Spot.Wire;

/// <summary>One spot exchangeInfo.symbols entry.</summary>
public sealed record SpotSymbolInfo(
    string Symbol,
    string Status,
    string BaseAsset,
    int BaseAssetPrecision,
    string QuoteAsset,
    int QuotePrecision,
    int QuoteAssetPrecision,
    int BaseCommissionPrecision,
    int QuoteCommissionPrecision,
    IReadOnlyList<string> OrderTypes,
    bool IcebergAllowed,
    bool OcoAllowed,
    bool QuoteOrderQtyMarketAllowed,
    bool AllowTrailingStop,
    bool CancelReplaceAllowed,
    bool IsSpotTradingAllowed,
    bool IsMarginTradingAllowed,
    IReadOnlyList<SpotSymbolFilter> Filters,
    IReadOnlyList<string> Permissions,
    string DefaultSelfTradePreventionMode,
    IReadOnlyList<string> AllowedSelfTradePreventionModes);
