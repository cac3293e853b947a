namespace Tally.Import;

/// <summary>
/// What sets one Binance trade-history CSV export apart from another: which header spellings name the
/// symbol, side and quantity, and how the symbol is written. Header names match case-insensitively after
/// trimming; the first spelling present wins.
/// </summary>
/// <param name="Description">What the file should be, for whole-file errors ("a Binance futures trade-history export").</param>
/// <param name="DefaultVenue">Venue of every fill unless <see cref="FillReadOptions.Venue"/> overrides it.</param>
/// <param name="Symbol">Spellings of the symbol column.</param>
/// <param name="Side">Spellings of the BUY/SELL column.</param>
/// <param name="Quantity">Spellings of the base-quantity column.</param>
/// <param name="LegacyQuantityWithTotal">
/// A column that holds the quantity only when a <c>Total</c> column holds the quote amount (the legacy spot
/// layout <c>Market,Type,Price,Amount,Total</c>, where later layouts use <c>Amount</c> for the quote amount).
/// </param>
/// <param name="SymbolIsPair">The symbol may be written as a pair (<c>BTC/USDT</c>, <c>BTC-USDT</c>); separators are dropped.</param>
internal sealed record BinanceCsvLayout(
    string Description,
    string DefaultVenue,
    IReadOnlyList<string> Symbol,
    IReadOnlyList<string> Side,
    IReadOnlyList<string> Quantity,
    string? LegacyQuantityWithTotal,
    bool SymbolIsPair)
{
    /// <summary>Time columns whose name says the times are UTC.</summary>
    public static IReadOnlyList<string> UtcTime { get; } = ["Date(UTC)", "Date (UTC)", "Time(UTC)", "Time (UTC)"];

    /// <summary>
    /// Time columns written in the zone chosen when exporting, which Binance puts in the file name
    /// (<c>…(UTC+3)….csv</c>); UTC when the name carries none.
    /// </summary>
    public static IReadOnlyList<string> ZonedTime { get; } = ["Time", "Date"];

    public static IReadOnlyList<string> Price { get; } = ["Price"];

    public static IReadOnlyList<string> Fee { get; } = ["Fee", "Commission"];

    public static IReadOnlyList<string> FeeAsset { get; } = ["Fee Coin", "Fee Asset", "Commission Asset"];

    public static IReadOnlyList<string> PositionSide { get; } = ["Position Side", "PositionSide"];

    public static IReadOnlyList<string> TradeId { get; } = ["Trade ID", "TradeId", "ID"];

    public static IReadOnlyList<string> OrderId { get; } = ["Order ID", "OrderId"];
}
