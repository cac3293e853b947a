namespace Tally.Exchanges.Binance;

/// <summary>One entry of <c>B</c> in a spot <c>outboundAccountPosition</c>: an asset's balance after a change.</summary>
/// <param name="Free"><c>f</c>: available.</param>
/// <param name="Locked"><c>l</c>: held by open orders.</param>
public readonly record struct BinanceSpotBalance(string Asset, decimal Free, decimal Locked)
{
    internal static BinanceSpotBalance Read(BinanceJsonObject b) => new(b.String("a"), b.Decimal("f"), b.Decimal("l"));
}
