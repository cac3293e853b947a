namespace Tally.PaperExchange;

/// <summary>Funding, liquidation, scripted prices and pre-loaded history: what moves money besides fills.</summary>
public sealed partial class PaperExchangeOptions
{
    /// <summary>Funding fees every 8 hours (00:00, 08:00, 16:00 UTC of <see cref="TimeProvider"/>); on by default.</summary>
    public bool Funding { get; set; } = true;

    /// <summary>
    /// One rate for every symbol and funding time, for tests that want round numbers; null draws a seeded rate per
    /// (symbol, funding time) in [−0.0005, +0.0005], a multiple of 0.00000001.
    /// </summary>
    public decimal? FixedFundingRate { get; set; }

    /// <summary>Liquidate the account when its equity falls below the maintenance margin; on by default.</summary>
    public bool Liquidation { get; set; } = true;

    /// <summary>Maintenance margin as a fraction of |notional at mark| (0.004 = 0.4 %, Binance's first bracket for majors).</summary>
    public decimal MaintenanceMarginRate { get; set; } = 0.004m;

    /// <summary>Fee charged on each liquidation fill as a fraction of its notional (ours: 1 %), never more than the wallet holds.</summary>
    public decimal LiquidationFeeRate { get; set; } = 0.01m;

    /// <summary>
    /// Symbol → LEAN trade-bar file (.zip or .csv): that symbol's price steps through the bars' closes instead of the
    /// random walk. See <see cref="LeanBars"/> for the formats and the stepping rule.
    /// </summary>
    public IReadOnlyDictionary<string, string> PriceFiles { get; set; } = new Dictionary<string, string>(StringComparer.Ordinal);

    /// <summary>
    /// Plays the price files back on the exchange clock instead of one step per order: the bars' own time gaps,
    /// divided by this (60: an hour of minute bars in a minute), each step one trade with the bar's volume. Null: one
    /// step per order, as without playback. Orders on a played symbol then fill at its current price.
    /// </summary>
    public decimal? PlaybackSpeed { get; set; }

    /// <summary>Past fills pre-loaded at start (0: none), spread over the symbols and over <see cref="HistorySpan"/> before start.</summary>
    public int HistoricalTrades { get; set; }

    /// <summary>How far back the pre-loaded fills reach; they all lie strictly before the start time.</summary>
    public TimeSpan HistorySpan { get; set; } = TimeSpan.FromDays(30);

    private void ValidateMoney()
    {
        if (FixedFundingRate is < -0.03m or > 0.03m)
        {
            throw new ArgumentOutOfRangeException(nameof(FixedFundingRate), FixedFundingRate, "Must be in [-0.03, 0.03].");
        }

        if (MaintenanceMarginRate is < 0m or >= 1m)
        {
            throw new ArgumentOutOfRangeException(nameof(MaintenanceMarginRate), MaintenanceMarginRate, "Must be in [0, 1).");
        }

        if (LiquidationFeeRate is < 0m or >= 1m)
        {
            throw new ArgumentOutOfRangeException(nameof(LiquidationFeeRate), LiquidationFeeRate, "Must be in [0, 1).");
        }

        ArgumentNullException.ThrowIfNull(PriceFiles);
        foreach (var symbol in PriceFiles.Keys)
        {
            if (!Symbols.Any(s => s.Symbol == symbol))
            {
                throw new ArgumentException($"PriceFiles: \"{symbol}\" is not one of the exchange's symbols.", nameof(PriceFiles));
            }
        }

        if (PlaybackSpeed is <= 0m)
        {
            throw new ArgumentOutOfRangeException(nameof(PlaybackSpeed), PlaybackSpeed, "Must be positive.");
        }

        if (HistoricalTrades < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(HistoricalTrades), HistoricalTrades, "Must be 0 or more.");
        }

        if (HistorySpan <= TimeSpan.Zero || HistorySpan > TimeSpan.FromDays(180))
        {
            throw new ArgumentOutOfRangeException(nameof(HistorySpan), HistorySpan, "Must be positive and at most 180 days (Binance keeps about six months of userTrades).");
        }
    }
}
