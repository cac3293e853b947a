namespace Tally.Exchanges.Binance;

/// <summary>
/// The venue names Tally stores Binance fills under, defined once: <c>tally import</c>'s Binance formats,
/// <c>tally sync</c> and <c>tally run</c> all default to these, so importing a file and syncing the same
/// account land on the same positions.
/// </summary>
public static class BinanceVenues
{
    /// <summary>USD-M futures (<c>/fapi</c>).</summary>
    public const string UsdMFutures = "binance-futures";

    /// <summary>Spot (<c>/api/v3</c>).</summary>
    public const string Spot = "binance-spot";

    /// <summary>Every Binance venue name, in the order above.</summary>
    public static IReadOnlyList<string> All { get; } = [UsdMFutures, Spot];
}
