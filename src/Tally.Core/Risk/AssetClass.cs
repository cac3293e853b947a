namespace Tally.Core.Risk;

/// <summary>
/// How the risk rules treat a symbol: majors (BTC, ETH) trail tightly, meme coins loosely and are held at most
/// a day; forex pairs are held at most four hours and otherwise trail like regular symbols.
/// </summary>
public enum AssetClass
{
    Major,
    Regular,
    Meme,
    Forex,
}
