namespace Tally.Engine.Service;

/// <summary>
/// What <see cref="AccountRunner"/> keeps synchronized for one account. Holds no secret: the caller builds the
/// signed client, so the key pair never sits in an options object that may be logged or printed.
/// </summary>
public sealed record AccountRunOptions
{
    /// <summary>The venue name fills are stored under.</summary>
    public string Venue { get; init; } = TradeSyncOptions.DefaultVenue;

    /// <summary>The account name fills are stored under.</summary>
    public required string Account { get; init; }

    /// <summary>The symbols to back-fill and check; null means every symbol the account has traded (<see cref="TradedSymbols"/>).</summary>
    public IReadOnlyList<string>? Symbols { get; init; }

    /// <summary>Where a symbol without a checkpoint starts its back-fill.</summary>
    public required DateTimeOffset StartTime { get; init; }

    /// <summary>Rows per userTrades page (1…1000).</summary>
    public int PageLimit { get; init; } = 1000;

    /// <summary>USD-M: the WebSocket base the listenKey is appended to. Spot: the WebSocket API URL.</summary>
    public required Uri StreamBase { get; init; }

    /// <summary>How often the traded symbols are looked up again (only when <see cref="Symbols"/> is null).</summary>
    public TimeSpan DiscoveryInterval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Pause before starting again after the follower failed (REST errors past the client's own retries).</summary>
    public TimeSpan RestartDelay { get; init; } = TimeSpan.FromSeconds(10);

    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public void Validate()
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(Venue);
        ArgumentException.ThrowIfNullOrWhiteSpace(Account);
        ArgumentNullException.ThrowIfNull(StreamBase);
        if (Symbols is not null && (Symbols.Count == 0 || Symbols.Any(string.IsNullOrWhiteSpace) || Symbols.Distinct(StringComparer.Ordinal).Count() != Symbols.Count))
        {
            throw new ArgumentException("Symbols must be non-empty and distinct, or null for every traded symbol.", nameof(Symbols));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(PageLimit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(PageLimit, 1000);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(DiscoveryInterval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(RestartDelay, TimeSpan.Zero);
    }

    /// <summary>The synchronizer's options for one set of symbols.</summary>
    internal TradeSyncOptions ForSymbols(IReadOnlyList<string> symbols) => new()
    {
        Venue = Venue,
        Account = Account,
        Symbols = symbols,
        StartTime = StartTime,
        PageLimit = PageLimit,
    };
}
