namespace Tally.Exchanges.Binance;

/// <summary>
/// A WebSocket API reply (<c>ws-fapi</c>, <c>ws-api/v3</c>): <c>{"id":…,"status":200,"result":…,"rateLimits":[…]}</c>
/// or, on failure, an <c>error</c> object instead of <c>result</c>.
/// </summary>
/// <remarks>
/// <see cref="ResultJson"/> is the raw JSON of <c>result</c>, to be handed to the parser of the method that
/// was called (e.g. <see cref="BinancePositionRisk.ParseList"/> for <c>account.position</c>), because the
/// reply itself does not say which method it answers — only the request id does.
/// </remarks>
/// <param name="Id">The request id echoed back (a string or number on the wire; kept as its text).</param>
/// <param name="Status">HTTP-like status: 200 OK, 4xx/5xx as for REST.</param>
public sealed record BinanceWsApiResponse(
    string? Id,
    int Status,
    string? ResultJson,
    BinanceApiError? Error,
    IReadOnlyList<BinanceRateLimit> RateLimits)
{
    private const string What = "WebSocket API response";

    /// <exception cref="FormatException"><c>status</c> is missing, or a field is malformed (named in the message).</exception>
    public static BinanceWsApiResponse Parse(string json)
    {
        using var document = BinanceJsonObject.ParseDocument(json, What);
        var root = BinanceJsonObject.Of(document.RootElement, "", What);
        return new(
            Id: root.OptionalString("id"),
            Status: root.Int32("status"),
            ResultJson: root.OptionalRawText("result"),
            Error: root.OptionalObject("error") is { } error ? BinanceApiError.Read(error) : null,
            RateLimits: [.. root.Objects("rateLimits").Select(BinanceRateLimit.Read)]);
    }
}
