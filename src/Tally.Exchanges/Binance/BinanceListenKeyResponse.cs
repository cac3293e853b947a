namespace Tally.Exchanges.Binance;

/// <summary>
/// The body of USD-M <c>POST /fapi/v1/listenKey</c>. The key names the user-data stream; it lives 60
/// minutes unless extended with <c>PUT</c>, and POST returns (and extends) the active key if there is one.
/// </summary>
/// <remarks><see cref="ToString"/> hides the key: it grants read access to the account's stream.</remarks>
public readonly record struct BinanceListenKeyResponse(string ListenKey)
{
    private const string What = "listenKey response";

    /// <exception cref="FormatException"><c>listenKey</c> is missing or empty.</exception>
    public static BinanceListenKeyResponse Parse(string json)
    {
        using var document = BinanceJsonObject.ParseDocument(json, What);
        var key = BinanceJsonObject.Of(document.RootElement, "", What).String("listenKey");
        return key.Length > 0 ? new(key) : throw new FormatException($"Binance {What}: field 'listenKey' is empty");
    }

    public override string ToString() => $"{nameof(BinanceListenKeyResponse)} {{ ListenKey = {ListenKey.Length} characters }}";
}
