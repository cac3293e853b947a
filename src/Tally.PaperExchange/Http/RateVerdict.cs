namespace Tally.PaperExchange.Http;

/// <summary>Admitted, over the minute's weight (HTTP 429), or banned for ignoring a 429 (HTTP 418).</summary>
public enum RateVerdict
{
    Admitted,
    Limited,
    Banned,
}
