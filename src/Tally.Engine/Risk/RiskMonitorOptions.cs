using Tally.Core.Risk;

namespace Tally.Engine.Risk;

/// <summary>
/// The live risk monitor's options: the rules' settings (DESIGN.md §5, <c>risk</c> section of <c>tally run</c>'s
/// config, same reader as <c>tally risk replay --config</c>) and the service's own cadence. Durations run on the
/// injected <see cref="TimeProvider"/>.
/// </summary>
public sealed record RiskMonitorOptions
{
    /// <summary>The name of the monitor's row in <c>risk_state</c> (one monitor per store).</summary>
    public const string StateName = "monitor";

    public RiskSettings Settings { get; init; } = new();

    /// <summary>Symbols always watched besides those of open strategy positions (the correlation leaders are added too).</summary>
    public IReadOnlyList<string> Symbols { get; init; } = [];

    /// <summary>
    /// The spot accounts among the monitored ones: their positions are watched on <c>spot:</c> + symbol
    /// (<see cref="RiskMarkets"/>) with their TP/SL, and their cost counts in the wallet.
    /// </summary>
    public IReadOnlyCollection<(string Venue, string Account)> SpotAccounts { get; init; } = [];

    /// <summary>
    /// The asset the wallet is read in (<c>wallet_asset</c>): only spot positions quoted in it count their cost in the
    /// wallet, since only that cash is read (a BTCUSDC position's USDC is not).
    /// </summary>
    public string WalletAsset { get; init; } = "USDT";

    /// <summary>First wait before an exit whose dispatcher call failed is tried again; doubles per failure.</summary>
    public TimeSpan ExitRetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between two tries of a failed exit.</summary>
    public TimeSpan ExitRetryMaxDelay { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>How often the timer runs the portfolio evaluation when no tick does (<see cref="RiskSettings.EvaluationInterval"/> decides when it is due).</summary>
    public TimeSpan TimerInterval { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How often the store is read for CLI requests (<c>tally close</c>, <c>tally risk reset</c>).</summary>
    public TimeSpan RequestPollInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How often the wallet balance is read from the venue.</summary>
    public TimeSpan WalletInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How often the stats line is logged.</summary>
    public TimeSpan StatsInterval { get; init; } = TimeSpan.FromMinutes(1);

    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Settings);
        ArgumentNullException.ThrowIfNull(Symbols);
        ArgumentNullException.ThrowIfNull(SpotAccounts);
        if (Settings.Validate() is [var problem, ..])
        {
            throw new ArgumentException(problem, nameof(Settings));
        }

        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(TimerInterval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(RequestPollInterval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(WalletInterval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(StatsInterval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ExitRetryDelay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(ExitRetryMaxDelay, ExitRetryDelay);
    }
}
