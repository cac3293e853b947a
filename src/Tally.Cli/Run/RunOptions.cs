using Microsoft.Extensions.Configuration;

namespace Tally.Cli.Run;

/// <summary>
/// <c>tally run</c>'s options as the config file (and <c>TALLY_RUN_</c>-prefixed environment variables, e.g.
/// <c>TALLY_RUN_accounts__0__since</c>) give them, bound by the configuration binder. Values are kept as written;
/// <see cref="RunOptionsValidator"/> checks them (on start) and turns them into a <see cref="RunConfig"/>.
/// </summary>
public sealed class RunOptions
{
    /// <summary>The prefix of environment variables that override or add config keys.</summary>
    public const string EnvironmentPrefix = "TALLY_RUN_";

    [ConfigurationKeyName("accounts")]
    public List<RunAccountOptions> Accounts { get; set; } = [];

    /// <summary>The HTTP API; absent for its defaults (127.0.0.1:8787, token from TALLY_API_TOKEN).</summary>
    [ConfigurationKeyName("api")]
    public RunApiOptions? Api { get; set; }
}

/// <summary>The <c>api</c> section: field names as in the file (README: HTTP API).</summary>
public sealed class RunApiOptions
{
    /// <summary>The address to listen on: 127.0.0.1 (default), ::1, or one beyond loopback (then every read needs the token too).</summary>
    [ConfigurationKeyName("listen")]
    public string? Listen { get; set; }

    /// <summary>8787 by default; 0 for any free port.</summary>
    [ConfigurationKeyName("port")]
    public string? Port { get; set; }

    /// <summary>The bearer token; TALLY_API_TOKEN when absent.</summary>
    [ConfigurationKeyName("token")]
    public string? Token { get; set; }

    [ConfigurationKeyName("writes_per_minute")]
    public string? WritesPerMinute { get; set; }

    [ConfigurationKeyName("tradingview")]
    public RunTradingViewOptions? TradingView { get; set; }
}

/// <summary>The <c>api.tradingview</c> section: the alert's passphrase and the template from alert fields to signal fields.</summary>
public sealed class RunTradingViewOptions
{
    [ConfigurationKeyName("passphrase")]
    public string? Passphrase { get; set; }

    [ConfigurationKeyName("template")]
    public Dictionary<string, string>? Template { get; set; }
}

/// <summary>One entry of <c>accounts</c>: field names as in the file (README: tally run).</summary>
public sealed class RunAccountOptions
{
    [ConfigurationKeyName("name")]
    public string? Name { get; set; }

    [ConfigurationKeyName("exchange")]
    public string? Exchange { get; set; }

    /// <summary>futures (default) or spot.</summary>
    [ConfigurationKeyName("market")]
    public string? Market { get; set; }

    [ConfigurationKeyName("venue")]
    public string? Venue { get; set; }

    [ConfigurationKeyName("base_url")]
    public string? BaseUrl { get; set; }

    [ConfigurationKeyName("stream_url")]
    public string? StreamUrl { get; set; }

    [ConfigurationKeyName("credentials_file")]
    public string? CredentialsFile { get; set; }

    [ConfigurationKeyName("api_key_env")]
    public string? ApiKeyEnv { get; set; }

    [ConfigurationKeyName("api_secret_env")]
    public string? ApiSecretEnv { get; set; }

    /// <summary>The listed symbols; "traded" (a single value, not a list) is read from the configuration itself.</summary>
    [ConfigurationKeyName("symbols")]
    public List<string>? Symbols { get; set; }

    [ConfigurationKeyName("since")]
    public string? Since { get; set; }

    [ConfigurationKeyName("page_limit")]
    public string? PageLimit { get; set; }

    [ConfigurationKeyName("discovery_interval")]
    public string? DiscoveryInterval { get; set; }

    /// <summary>USD-M: how often positions are reconciled with the exchange ("00:15:00"; "0" turns it off).</summary>
    [ConfigurationKeyName("reconcile_every")]
    public string? ReconcileEvery { get; set; }
}
