namespace Tally.PaperExchange;

/// <summary>LIMIT order lifetimes: GTC rests, IOC and FOK never rest, GTX (post-only) never takes.</summary>
public enum TimeInForce
{
    Gtc,
    Ioc,
    Fok,
    Gtx,
}
