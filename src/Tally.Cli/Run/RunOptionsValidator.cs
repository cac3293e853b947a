using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Tally.Api;
using Tally.Core.Attribution;
using Tally.Api.Webhooks;
using Tally.Exchanges.Binance;
using Tally.Import;

namespace Tally.Cli.Run;

/// <summary>
/// Checks <see cref="RunOptions"/> strictly on start: an unknown field is a typo until proven otherwise, and
/// every refusal is one line naming the field path and the value (never a secret: key fields are refused by
/// name). The shape checks (unknown fields, keys written into the file, <c>"symbols": "traded"</c>) read the
/// configuration the options were bound from.
/// </summary>
public sealed class RunOptionsValidator(IConfiguration configuration, TimeProvider time) : IValidateOptions<RunOptions>
{
    public const string FuturesExchange = BinanceVenues.UsdMFutures;
    public const string SpotExchange = BinanceVenues.Spot;
    public const string DefaultBaseUrl = "https://fapi.binance.com";
    public const string DefaultSpotBaseUrl = "https://api.binance.com";

    private static readonly HashSet<string> AccountFields = new(StringComparer.OrdinalIgnoreCase)
    {
        "name", "exchange", "market", "venue", "base_url", "stream_url", "credentials_file", "api_key_env", "api_secret_env",
        "symbols", "since", "page_limit", "discovery_interval", "reconcile_every",
    };

    private static readonly string[] ApiFields = ["listen", "port", "token", "writes_per_minute", "tradingview"];

    public ValidateOptionsResult Validate(string? name, RunOptions options) =>
        Read(options, configuration, time.GetUtcNow(), out var problem) is null ? ValidateOptionsResult.Fail(problem) : ValidateOptionsResult.Success;

    /// <summary>The typed config, or null with <paramref name="problem"/> set to one line (without the file name).</summary>
    public static RunConfig? Read(RunOptions options, IConfiguration configuration, DateTimeOffset now, out string problem)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(configuration);
        foreach (var field in configuration.GetChildren())
        {
            // "risk": the risk monitor's settings, read from the file by RunRisk (one JSON reader with risk.json);
            // "notifications": read by RunNotifications.
            if (!string.Equals(field.Key, "accounts", StringComparison.OrdinalIgnoreCase)
                && !string.Equals(field.Key, "api", StringComparison.OrdinalIgnoreCase)
                && !string.Equals(field.Key, "risk", StringComparison.OrdinalIgnoreCase)
                && !string.Equals(field.Key, "notifications", StringComparison.OrdinalIgnoreCase)
                && !string.Equals(field.Key, "attribution", StringComparison.OrdinalIgnoreCase))
            {
                problem = $"{field.Key}: unknown field (expected \"accounts\", \"api\", \"risk\", \"notifications\" or \"attribution\")";
                return null;
            }
        }

        // "attribution" is read here, not bound (an object there would make the binder throw): fifo or pro-rata, absent to keep the store's.
        AttributionPolicy? attribution = null;
        if (configuration["attribution"] is { } policyText)
        {
            if (!AttributionWireNames.TryParsePolicy(policyText, out var policy))
            {
                problem = $"attribution: \"{policyText}\" is not fifo or pro-rata";
                return null;
            }

            attribution = policy;
        }
        else if (configuration.GetSection("attribution").GetChildren().Any())
        {
            problem = "attribution: must be \"fifo\" or \"pro-rata\"";
            return null;
        }

        var entries = configuration.GetSection("accounts").GetChildren().ToList();
        if (entries.Count == 0)
        {
            problem = "accounts: give at least one account";
            return null;
        }

        for (var i = 0; i < entries.Count; i++)
        {
            if (!entries[i].GetChildren().Any() || !int.TryParse(entries[i].Key, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index != i)
            {
                problem = $"accounts[{i}]: must be an object";
                return null;
            }
        }

        if (options.Accounts.Count != entries.Count)
        {
            problem = "accounts: must be an array of objects";
            return null;
        }

        var parsed = new List<RunAccount>();
        for (var i = 0; i < entries.Count; i++)
        {
            var at = $"accounts[{i}]";
            if (Account(options.Accounts[i], entries[i], at, now, out problem) is not { } entry)
            {
                return null;
            }

            if (parsed.Any(a => a.Venue == entry.Venue && a.Name == entry.Name))
            {
                problem = $"{at}.name: \"{entry.Name}\" appears twice for venue {entry.Venue}";
                return null;
            }

            parsed.Add(entry);
        }

        if (Api(options.Api, configuration.GetSection("api"), parsed[0], out problem) is not { } api)
        {
            return null;
        }

        problem = string.Empty;
        return new RunConfig(parsed, api, attribution);
    }

    /// <summary>Binance's private stream host for its own REST host; the REST host's ws path otherwise (the paper exchange).</summary>
    public static Uri DefaultStreamUrl(Uri baseUrl)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        if (baseUrl.Host == "fapi.binance.com")
        {
            return new Uri("wss://fstream.binance.com/private/ws/");
        }

        return new UriBuilder(baseUrl) { Scheme = baseUrl.Scheme == Uri.UriSchemeHttps ? "wss" : "ws", Path = "/ws/" }.Uri;
    }

    /// <summary>Binance's WebSocket API for its own spot REST host; the REST host's /ws-api/v3 otherwise (the paper exchange).</summary>
    public static Uri DefaultSpotWebSocketApi(Uri baseUrl)
    {
        ArgumentNullException.ThrowIfNull(baseUrl);
        if (baseUrl.Host == "api.binance.com")
        {
            return new Uri("wss://ws-api.binance.com:443/ws-api/v3");
        }

        return new UriBuilder(baseUrl) { Scheme = baseUrl.Scheme == Uri.UriSchemeHttps ? "wss" : "ws", Path = "/ws-api/v3" }.Uri;
    }

    private static RunAccount? Account(RunAccountOptions account, IConfigurationSection section, string at, DateTimeOffset now, out string problem)
    {
        var fields = section.GetChildren().ToList();
        foreach (var field in fields)
        {
            if (field.Key is "api_key" or "api_secret" or "secret" or "key")
            {
                problem = $"{at}.{field.Key}: keys do not belong in the config file; use credentials_file or api_key_env/api_secret_env";
                return null;
            }
        }

        if (fields.FirstOrDefault(f => !AccountFields.Contains(f.Key)) is { } unknown)
        {
            problem = $"{at}.{unknown.Key}: unknown field";
            return null;
        }

        if (Text(account.Name) is not { } name)
        {
            problem = $"{at}.name: required (the account name fills are stored under)";
            return null;
        }

        var exchange = Text(account.Exchange);
        if (exchange is not (null or FuturesExchange or SpotExchange))
        {
            problem = $"{at}.exchange: \"{exchange}\" is not supported (supported: {FuturesExchange}, {SpotExchange})";
            return null;
        }

        RunMarket market;
        switch (Text(account.Market))
        {
            case null:
                market = exchange == SpotExchange ? RunMarket.Spot : RunMarket.Futures;
                break;
            case "futures" when exchange is null or FuturesExchange:
                market = RunMarket.Futures;
                break;
            case "spot" when exchange is null or SpotExchange:
                market = RunMarket.Spot;
                break;
            case "futures" or "spot":
                problem = $"{at}.market: \"{account.Market}\" does not go with exchange \"{exchange}\"";
                return null;
            default:
                problem = $"{at}.market: \"{account.Market}\" is not futures or spot";
                return null;
        }

        var venue = Text(account.Venue) ?? (market == RunMarket.Spot ? SpotExchange : FuturesExchange);
        var baseUrlText = Text(account.BaseUrl) ?? (market == RunMarket.Spot ? DefaultSpotBaseUrl : DefaultBaseUrl);
        if (!Uri.TryCreate(baseUrlText, UriKind.Absolute, out var baseUrl) || (baseUrl.Scheme != Uri.UriSchemeHttp && baseUrl.Scheme != Uri.UriSchemeHttps))
        {
            problem = $"{at}.base_url: \"{baseUrlText}\" is not an http(s) URL";
            return null;
        }

        var streamUrl = market == RunMarket.Spot ? DefaultSpotWebSocketApi(baseUrl) : DefaultStreamUrl(baseUrl);
        if (Text(account.StreamUrl) is { } streamText)
        {
            if (!Uri.TryCreate(streamText, UriKind.Absolute, out var parsedStream) || (parsedStream.Scheme != "ws" && parsedStream.Scheme != "wss"))
            {
                problem = $"{at}.stream_url: \"{streamText}\" is not a ws(s) URL";
                return null;
            }

            streamUrl = parsedStream;
        }

        var file = Text(account.CredentialsFile);
        var keyVariable = Text(account.ApiKeyEnv);
        var secretVariable = Text(account.ApiSecretEnv);
        if (file is null && (keyVariable is null || secretVariable is null))
        {
            problem = $"{at}: say where the API key is: credentials_file, or both api_key_env and api_secret_env";
            return null;
        }

        if (file is not null && (keyVariable is not null || secretVariable is not null))
        {
            problem = $"{at}: credentials_file and api_key_env/api_secret_env do not go together";
            return null;
        }

        if (!Symbols(section.GetSection("symbols"), at, out var symbols, out problem))
        {
            return null;
        }

        if (market == RunMarket.Spot && symbols is null)
        {
            problem = $"{at}.symbols: a spot account lists its symbols (spot has no account-wide history to find the traded ones)";
            return null;
        }

        DateTimeOffset? since = null;
        if (Text(account.Since) is { } sinceText)
        {
            if (FieldParser.Timestamp(sinceText, out var parsedSince) is { } wrong)
            {
                problem = $"{at}.since: \"{sinceText}\" {wrong}";
                return null;
            }

            since = parsedSince;
        }

        var pageLimit = 1000;
        if (Text(account.PageLimit) is { } limitText && (!int.TryParse(limitText, NumberStyles.None, CultureInfo.InvariantCulture, out pageLimit) || pageLimit is < 1 or > 1000))
        {
            problem = $"{at}.page_limit: {limitText} is not a whole number from 1 to 1000";
            return null;
        }

        var discovery = TimeSpan.FromMinutes(5);
        if (Text(account.DiscoveryInterval) is { } intervalText && (!TimeSpan.TryParse(intervalText, CultureInfo.InvariantCulture, out discovery) || discovery <= TimeSpan.Zero))
        {
            problem = $"{at}.discovery_interval: \"{intervalText}\" is not a positive interval such as \"00:05:00\"";
            return null;
        }

        var reconcile = Engine.Reconciliation.ReconcileOptions.DefaultInterval;
        if (Text(account.ReconcileEvery) is { } reconcileText)
        {
            if (reconcileText == "0")
            {
                reconcile = TimeSpan.Zero;
            }
            else if (!TimeSpan.TryParse(reconcileText, CultureInfo.InvariantCulture, out reconcile) || reconcile < TimeSpan.Zero)
            {
                problem = $"{at}.reconcile_every: \"{reconcileText}\" is not an interval such as \"00:15:00\" (or \"0\" for never)";
                return null;
            }
        }

        problem = string.Empty;
        return new RunAccount(name, market, venue, baseUrl, streamUrl, file, keyVariable, secretVariable, symbols, since ?? now.AddDays(-7), pageLimit, discovery, market == RunMarket.Spot && Text(account.ReconcileEvery) is null ? TimeSpan.Zero : reconcile);
    }

    /// <summary>
    /// The <c>api</c> section (every field optional). The token comes from the file or else from
    /// <see cref="ApiOptions.TokenVariable"/>; listening beyond loopback without one is refused, since every read
    /// would then be refused too. Signals that name no account go to the first account.
    /// </summary>
    private static ApiOptions? Api(RunApiOptions? api, IConfigurationSection section, RunAccount first, out string problem)
    {
        api ??= new RunApiOptions();
        if (section.GetChildren().FirstOrDefault(f => !ApiFields.Contains(f.Key, StringComparer.OrdinalIgnoreCase)) is { } unknown)
        {
            problem = $"api.{unknown.Key}: unknown field (fields: {string.Join(", ", ApiFields)})";
            return null;
        }

        var address = System.Net.IPAddress.Loopback;
        if (Text(api.Listen) is { } listen && !(listen == "localhost" || System.Net.IPAddress.TryParse(listen, out address!)))
        {
            problem = $"api.listen: \"{listen}\" is not an IP address such as 127.0.0.1";
            return null;
        }

        var port = ApiOptions.DefaultPort;
        if (Text(api.Port) is { } portText && (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port > 65535))
        {
            problem = $"api.port: {portText} is not a port from 0 (any free one) to 65535";
            return null;
        }

        var writes = 120;
        if (Text(api.WritesPerMinute) is { } writesText && (!int.TryParse(writesText, NumberStyles.None, CultureInfo.InvariantCulture, out writes) || writes < 1))
        {
            problem = $"api.writes_per_minute: {writesText} is not a whole number of at least 1";
            return null;
        }

        var token = Text(api.Token) ?? Text(Environment.GetEnvironmentVariable(ApiOptions.TokenVariable));
        if (token is null && !System.Net.IPAddress.IsLoopback(address))
        {
            problem = $"api.listen: {address} is beyond loopback, so every request needs a token: give api.token or {ApiOptions.TokenVariable}";
            return null;
        }

        TradingViewOptions? tradingView = null;
        var tv = section.GetSection("tradingview");
        if (tv.GetChildren().Any() || tv.Value is not null)
        {
            if (tv.GetChildren().FirstOrDefault(f => f.Key is not ("passphrase" or "template")) is { } tvUnknown)
            {
                problem = $"api.tradingview.{tvUnknown.Key}: unknown field (fields: passphrase, template)";
                return null;
            }

            if (Text(api.TradingView?.Passphrase) is not { } passphrase)
            {
                problem = "api.tradingview.passphrase: required (the alert's \"passphrase\" field must match it)";
                return null;
            }

            var template = WebhookTemplate.Identity;
            if (api.TradingView?.Template is { Count: > 0 } fields)
            {
                if (WebhookTemplate.Create(fields, out var templateProblem) is not { } configured)
                {
                    problem = $"api.tradingview.template.{templateProblem}";
                    return null;
                }

                template = configured;
            }

            tradingView = new TradingViewOptions(passphrase, template);
        }

        problem = string.Empty;
        return new ApiOptions
        {
            ListenAddress = address,
            Port = port,
            Token = token,
            WritesPerWindow = writes,
            RateWindow = TimeSpan.FromMinutes(1),
            DefaultVenue = first.Venue,
            DefaultAccount = first.Name,
            TradingView = tradingView,
        };
    }

    /// <summary>"traded" (or absent): null, every traded symbol. Otherwise a non-empty list of distinct symbols.</summary>
    private static bool Symbols(IConfigurationSection symbols, string at, out List<string>? list, out string problem)
    {
        list = null;
        problem = string.Empty;
        var items = symbols.GetChildren().ToList();
        if (items.Count == 0)
        {
            if (symbols.Value is null or "traded")
            {
                return true;
            }

            problem = $"{at}.symbols: \"{symbols.Value}\" is neither \"traded\" nor a non-empty array of symbols";
            return false;
        }

        list = [];
        foreach (var item in items)
        {
            var text = item.Value?.Trim();
            if (string.IsNullOrEmpty(text) || text.Any(c => !char.IsAsciiLetterOrDigit(c)))
            {
                problem = $"{at}.symbols: \"{item.Value}\" is not a symbol such as \"BTCUSDT\"";
                return false;
            }

            if (list.Contains(text, StringComparer.Ordinal))
            {
                problem = $"{at}.symbols: \"{text}\" appears twice";
                return false;
            }

            list.Add(text);
        }

        return true;
    }

    private static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
