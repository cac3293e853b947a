using Tally.Api;
using Tally.Core.Attribution;

namespace Tally.Cli.Run;

/// <summary>What <c>tally run</c> keeps synchronized (one entry per exchange account) and how it serves the HTTP API.</summary>
/// <param name="Attribution">The <c>attribution</c> field: the policy the store must be folded with; null to keep the store's (fifo for a new one).</param>
public sealed record RunConfig(IReadOnlyList<RunAccount> Accounts, ApiOptions Api, AttributionPolicy? Attribution = null);

/// <summary>
/// One account as the config file describes it. The key pair is never here, only where to find it: a file only
/// its owner can read, or two environment variables.
/// </summary>
/// <param name="Symbols">The symbols to follow; null for every symbol the account has traded.</param>
/// <param name="Since">Where a symbol without a checkpoint starts; null for seven days before the start.</param>
/// <param name="ReconcileEvery">Reconcile at the start (once live) and then this often; zero for never (spot: zero unless the config sets it).</param>
public sealed record RunAccount(
    string Name,
    RunMarket Market,
    string Venue,
    Uri BaseUrl,
    Uri StreamUrl,
    string? CredentialsFile,
    string? KeyVariable,
    string? SecretVariable,
    IReadOnlyList<string>? Symbols,
    DateTimeOffset? Since,
    int PageLimit,
    TimeSpan DiscoveryInterval,
    TimeSpan ReconcileEvery);

/// <summary>Which Binance market an account trades.</summary>
public enum RunMarket
{
    /// <summary>USD-M futures (/fapi, listenKey user-data stream).</summary>
    Futures,

    /// <summary>Spot (/api/v3, user data over the WebSocket API).</summary>
    Spot,
}
