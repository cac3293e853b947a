namespace Tally.PaperExchange.Http;

/// <summary>What a call must carry: nothing (NONE / MARKET_DATA), the API key, or key plus signature (TRADE, USER_DATA).</summary>
public enum EndpointSecurity
{
    None,
    ApiKey,
    Signed,
}
