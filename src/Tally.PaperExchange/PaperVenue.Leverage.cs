namespace Tally.PaperExchange;

/// <summary>Per-symbol leverage and margin type, as POST /fapi/v1/leverage and /fapi/v1/marginType set them.</summary>
public sealed partial class PaperVenue
{
    /// <summary>Sets <paramref name="symbol"/>'s leverage; refused outside 1…125 or when its position is over the new tier's cap.</summary>
    public ApiError? ChangeLeverage(string symbol, long leverage)
    {
        if (leverage < 1 || leverage > LeverageBracket.Default[0].InitialLeverage)
        {
            return ApiError.InvalidLeverage(leverage);
        }

        lock (_lock)
        {
            if (!_books.TryGetValue(symbol, out var book))
            {
                return ApiError.InvalidSymbol;
            }

            var cap = LeverageBracket.MaxNotional((int)leverage);
            var mark = _prices.Current(symbol);
            if (book.Positions.Values.Sum(p => Math.Abs(p.Amount * mark)) > cap)
            {
                return ApiError.PositionTooLargeForLeverage;
            }

            book.Leverage = (int)leverage;
            return null;
        }
    }

    /// <summary>Sets <paramref name="symbol"/>'s margin type: refused when it is already that, or while orders or a position are open.</summary>
    public ApiError? ChangeMarginType(string symbol, MarginType type)
    {
        lock (_lock)
        {
            if (!_books.TryGetValue(symbol, out var book))
            {
                return ApiError.InvalidSymbol;
            }

            if (book.MarginType == type)
            {
                return ApiError.NoNeedToChangeMarginType;
            }

            if (book.OpenOrders.Count > 0)
            {
                return ApiError.OpenOrdersBlockMarginTypeChange;
            }

            if (book.Positions.Values.Any(p => p.Amount != 0))
            {
                return ApiError.PositionBlocksMarginTypeChange;
            }

            book.MarginType = type;
            return null;
        }
    }
}
