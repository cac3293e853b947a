namespace Tally.PaperExchange.Spot;

/// <summary>Rejections that differ on spot from the fapi ones in <see cref="ApiError"/> (codes and texts as spot words them).</summary>
public static class SpotErrors
{
    public static ApiError InsufficientBalance { get; } = new(400, -2010, "Account has insufficient balance for requested action.");

    public static ApiError WouldTake { get; } = new(400, -2010, "Order would immediately match and take.");

    public static ApiError DuplicateOrder { get; } = new(400, -2010, "Duplicate order sent.");

    public static ApiError InvalidClientOrderId { get; } = new(400, -1100, "Illegal characters found in parameter 'newClientOrderId'; legal range is '^[a-zA-Z0-9-_]{1,36}$'.");

    public static ApiError WindowTooLong { get; } = new(400, -1127, "More than 24 hours between startTime and endTime.");

    public static ApiError QuantityOrQuote { get; } = new(400, -1102, "Param 'quantity' or 'quoteOrderQty' must be sent, but both were empty/null!");

    public static ApiError Notional { get; } = ApiError.Filter("NOTIONAL");
}
