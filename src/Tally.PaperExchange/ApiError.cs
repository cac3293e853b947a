namespace Tally.PaperExchange;

/// <summary>
/// A rejection as Binance words it: HTTP status plus the <c>{"code":…,"msg":…}</c> body. Codes and messages
/// follow the fapi docs (binance-wire.md §9); the ones marked "ours" in a comment were not confirmed there.
/// </summary>
public sealed record ApiError(int HttpStatus, int Code, string Message)
{
    public static ApiError MandatoryParameter(string name) =>
        new(400, -1102, $"Mandatory parameter '{name}' was not sent, was empty/null, or malformed.");

    public static ApiError InvalidParameter(string name) =>
        new(400, -1130, $"Data sent for parameter '{name}' is not valid.");

    public static ApiError NotRequired(string name) =>
        new(400, -1106, $"Parameter '{name}' sent when not required.");

    public static ApiError InvalidSymbol { get; } = new(400, -1121, "Invalid symbol.");

    public static ApiError InvalidSide { get; } = new(400, -1117, "Invalid side.");

    public static ApiError InvalidOrderType { get; } = new(400, -1116, "Invalid orderType.");

    public static ApiError InvalidTimeInForce { get; } = new(400, -1115, "Invalid timeInForce.");

    public static ApiError UseAlgoOrder { get; } = new(400, -4120, "Order type not supported for this endpoint. Please use the Algo Order API endpoints instead.");

    public static ApiError BadPrecision { get; } = new(400, -1111, "Precision is over the maximum defined for this asset.");

    public static ApiError Filter(string filter) => new(400, -1013, $"Filter failure: {filter}");

    public static ApiError MinNotional(decimal notional) =>
        new(400, -4164, $"Order's notional must be no smaller than {notional:0.0} (unless you choose reduce only).");

    public static ApiError PositionSideMismatch { get; } = new(400, -4061, "Order's position side does not match user's setting.");

    public static ApiError WouldTriggerImmediately { get; } = new(400, -2021, "Order would immediately trigger.");

    public static ApiError ReduceOnlyRejected { get; } = new(400, -2022, "ReduceOnly Order is rejected.");

    public static ApiError InvalidClientOrderId { get; } = new(400, -4015, "Client order id is not valid.");

    public static ApiError DuplicateClientOrderId { get; } = new(400, -4116, "ClientOrderId is duplicated.");

    public static ApiError NoNeedToChangePositionSide { get; } = new(400, -4059, "No need to change position side.");

    public static ApiError OpenOrdersBlockModeChange { get; } = new(400, -4067, "Position side cannot be changed if there exists open orders.");

    public static ApiError PositionsBlockModeChange { get; } = new(400, -4068, "Position side cannot be changed if there exists position.");

    public static ApiError NoNeedToChangeMarginType { get; } = new(400, -4046, "No need to change margin type.");

    public static ApiError OpenOrdersBlockMarginTypeChange { get; } = new(400, -4047, "Margin type cannot be changed if there exists open orders.");

    public static ApiError PositionBlocksMarginTypeChange { get; } = new(400, -4048, "Margin type cannot be changed if there exists position.");

    public static ApiError InvalidLeverage(long leverage) => new(400, -4028, $"Leverage {leverage} is not valid");

    // Ours: Binance's wording for -2027; when exactly it fires is not documented.
    public static ApiError PositionTooLargeForLeverage { get; } = new(400, -2027, "Exceeded the maximum allowable position at current leverage.");

    public static ApiError OrderDoesNotExist { get; } = new(400, -2013, "Order does not exist.");

    public static ApiError UnknownOrder { get; } = new(400, -2011, "Unknown order sent.");

    public static ApiError ParameterCombination { get; } = new(400, -1128, "Combination of optional parameters invalid.");

    // Ours: the fapi docs state the 7-day rule without an error code; -1127 is Binance's generic
    // "More than %s hours between startTime and endTime.".
    public static ApiError WindowTooLong { get; } = new(400, -1127, "More than 168 hours between startTime and endTime.");

    public static ApiError ApiKeyFormat { get; } = new(401, -2014, "API-key format invalid.");

    public static ApiError InvalidApiKey(string ip) => new(401, -2015, $"Invalid API-key, IP, or permissions for action, request ip: {ip}");

    public static ApiError BadSignature { get; } = new(400, -1022, "Signature for this request is not valid.");

    public static ApiError OutsideRecvWindow { get; } = new(400, -1021, "Timestamp for this request is outside of the recvWindow.");

    public static ApiError AheadOfServer { get; } = new(400, -1021, "Timestamp for this request was 1000ms ahead of the server's time.");

    public static ApiError RecvWindowTooLarge { get; } = new(400, -1131, "recvWindow must be less than 60000");
}
