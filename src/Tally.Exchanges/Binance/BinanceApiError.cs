namespace Tally.Exchanges.Binance;

/// <summary>
/// A Binance error: the REST body of a 4xx/5xx (<c>{"code":-1121,"msg":"Invalid symbol."}</c>), the
/// <c>error</c> object of a WebSocket frame (<c>{"error":{"code":2,"msg":…},"id":…}</c>), or the
/// <c>{"code":200,"msg":"success"}</c> acknowledgement of <c>POST /fapi/v1/positionSide/dual</c>.
/// </summary>
/// <param name="Code">Negative for errors (-1021 timestamp, -2019 margin, -4061 position side…).</param>
public readonly record struct BinanceApiError(int Code, string Message)
{
    private const string What = "error body";

    /// <summary>-4059 "No need to change position side." means the requested mode is already set: treat as success.</summary>
    public bool IsPositionModeAlreadySet => Code == -4059;

    /// <summary>Parses <c>{code,msg}</c>, or a WebSocket frame whose <c>error</c> field holds it.</summary>
    /// <exception cref="FormatException"><c>code</c> or <c>msg</c> is missing or malformed (named in the message).</exception>
    public static BinanceApiError Parse(string json)
    {
        using var document = BinanceJsonObject.ParseDocument(json, What);
        var root = BinanceJsonObject.Of(document.RootElement, "", What);
        return Read(root.OptionalObject("error") ?? root);
    }

    internal static BinanceApiError Read(BinanceJsonObject body) => new(body.Int32("code"), body.String("msg"));
}
