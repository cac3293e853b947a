using Tally.Exchanges.Binance;

namespace Tally.Engine;

/// <summary>What <see cref="TradeSynchronizer"/> synchronizes, and how.</summary>
public sealed record TradeSyncOptions
{
    public const string DefaultVenue = BinanceVenues.UsdMFutures;

    /// <summary>The venue name fills are stored under.</summary>
    public string Venue { get; init; } = DefaultVenue;

    /// <summary>The account name fills are stored under (one API key = one account).</summary>
    public required string Account { get; init; }

    /// <summary>Every symbol the account may have traded: Binance has no all-symbols userTrades.</summary>
    public required IReadOnlyList<string> Symbols { get; init; }

    /// <summary>
    /// Where a symbol without a checkpoint starts its 7-day window walk. Binance keeps about six months of
    /// userTrades, so an earlier start only costs empty windows.
    /// </summary>
    public required DateTimeOffset StartTime { get; init; }

    /// <summary>Rows per userTrades page (Binance max 1000). A page with fewer rows is the last one.</summary>
    public int PageLimit { get; init; } = 1000;

    /// <summary>Width of one time window while no trade id is known (Binance max: 7 days).</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromDays(7);

    /// <summary>Pause between two runs of <see cref="TradeSynchronizer.SweepAsync"/>.</summary>
    public TimeSpan SweepInterval { get; init; } = TimeSpan.FromMinutes(5);

    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Venue);
        ArgumentException.ThrowIfNullOrWhiteSpace(Account);
        ArgumentNullException.ThrowIfNull(Symbols);
        if (Symbols.Count == 0 || Symbols.Any(string.IsNullOrWhiteSpace) || Symbols.Distinct(StringComparer.Ordinal).Count() != Symbols.Count)
        {
            throw new ArgumentException("Symbols must be non-empty and distinct.", nameof(Symbols));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(PageLimit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(PageLimit, 1000);
        ArgumentOutOfRangeException.ThrowIfLessThan(Window, TimeSpan.FromMilliseconds(1));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(Window, TimeSpan.FromDays(7));
        ArgumentOutOfRangeException.ThrowIfLessThan(SweepInterval, TimeSpan.Zero);
    }
}
