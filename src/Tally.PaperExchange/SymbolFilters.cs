namespace Tally.PaperExchange;

/// <summary>
/// The quantity and price checks of exchangeInfo's LOT_SIZE and PRICE_FILTER, which futures and spot apply alike
/// and in the same order (sign, then precision, then the filter), so both answer the same error for the same input.
/// </summary>
internal static class SymbolFilters
{
    public static ApiError? CheckQuantity(PaperSymbol symbol, decimal quantity)
    {
        if (quantity <= 0)
        {
            return ApiError.InvalidParameter("quantity");
        }

        if (PaperSymbol.Places(quantity) > symbol.QuantityPrecision)
        {
            return ApiError.BadPrecision;
        }

        return quantity % symbol.StepSize != 0 || quantity < symbol.StepSize || quantity > symbol.MaxQuantity
            ? ApiError.Filter("LOT_SIZE")
            : null;
    }

    /// <summary>A missing or non-positive price is answered as missing, as Binance does for LIMIT orders.</summary>
    public static ApiError? CheckPrice(PaperSymbol symbol, decimal? price)
    {
        if (price is not { } value || value <= 0)
        {
            return ApiError.MandatoryParameter("price");
        }

        if (PaperSymbol.Places(value) > symbol.PricePrecision)
        {
            return ApiError.BadPrecision;
        }

        return value % symbol.TickSize != 0 ? ApiError.Filter("PRICE_FILTER") : null;
    }
}
