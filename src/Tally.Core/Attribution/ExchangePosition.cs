namespace Tally.Core.Attribution;

/// <summary>
/// The physical aggregate the venue holds (a row of <c>exchange_positions</c>, DESIGN.md §3), with who built
/// its current (or last) cycle. <see cref="ExchangePositionKey"/> is <c>SYMBOL_LONG</c> or <c>SYMBOL_SHORT</c>
/// (one-way mode: the side of the cycle), unique within an account.
/// </summary>
/// <param name="WeightedAvgPrice">The ledger's average entry price; null when closed.</param>
/// <param name="ContributingStrategies">The strategies of the cycle's contributions, in the order they first contributed.</param>
/// <param name="TotalContributions">How many strategy positions built the cycle.</param>
/// <param name="IsOpen">Status <c>open</c> (true) or <c>closed</c>.</param>
public sealed record ExchangePosition(
    string Venue,
    string Account,
    string ExchangePositionKey,
    string Symbol,
    PositionDirection Side,
    decimal CurrentQuantity,
    decimal? WeightedAvgPrice,
    IReadOnlyList<string> ContributingStrategies,
    int TotalContributions,
    bool IsOpen)
{
    public string Status => IsOpen ? "open" : "closed";

    /// <summary><c>BTCUSDT_LONG</c> for a long on BTCUSDT.</summary>
    public static string KeyOf(string symbol, PositionDirection side) => side switch
    {
        PositionDirection.Long => symbol + "_LONG",
        PositionDirection.Short => symbol + "_SHORT",
        PositionDirection.Flat => throw new ArgumentOutOfRangeException(nameof(side), side, "a flat position has no exchange position key"),
    };
}
