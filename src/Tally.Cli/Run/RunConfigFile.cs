using System.Globalization;
using System.Text.Json;
using Tally.Import;

namespace Tally.Cli.Run;

/// <summary>
/// Reads <c>tally run</c>'s JSON config strictly: an unknown field is a typo until proven otherwise, and every
/// refusal is one line naming the field path and the value (never a secret: key fields are refused by name).
/// </summary>
public static class RunConfigFile
{
    public const string FuturesExchange = "binance-futures";
    public const string DefaultBaseUrl = "https://fapi.binance.com";

    private static readonly HashSet<string> AccountFields = new(StringComparer.Ordinal)
    {
        "name", "exchange", "venue", "base_url", "stream_url", "credentials_file", "api_key_env", "api_secret_env",
        "symbols", "since", "page_limit", "discovery_interval",
    };

    /// <summary>The config, or null with <paramref name="problem"/> set to one line.</summary>
    public static RunConfig? Read(string path, DateTimeOffset now, out string problem)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!File.Exists(path))
        {
            problem = $"--config: {path}: no such file";
            return null;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            problem = $"{path}: not valid JSON: {e.Message}";
            return null;
        }

        using (document)
        {
            try
            {
                problem = string.Empty;
                return Parse(document.RootElement, now);
            }
            catch (ConfigException e)
            {
                problem = $"{path}: {e.Message}";
                return null;
            }
        }
    }

    private static RunConfig Parse(JsonElement root, DateTimeOffset now)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new ConfigException("the file must hold one JSON object with an \"accounts\" array");
        }

        foreach (var property in root.EnumerateObject())
        {
            if (property.Name != "accounts")
            {
                throw new ConfigException($"{property.Name}: unknown field (expected \"accounts\")");
            }
        }

        if (!root.TryGetProperty("accounts", out var accounts) || accounts.ValueKind != JsonValueKind.Array || accounts.GetArrayLength() == 0)
        {
            throw new ConfigException("accounts: give at least one account");
        }

        var parsed = new List<RunAccount>();
        var index = 0;
        foreach (var account in accounts.EnumerateArray())
        {
            var entry = Account(account, $"accounts[{index}]", now);
            if (parsed.Any(a => a.Venue == entry.Venue && a.Name == entry.Name))
            {
                throw new ConfigException($"accounts[{index}].name: \"{entry.Name}\" appears twice for venue {entry.Venue}");
            }

            parsed.Add(entry);
            index++;
        }

        return new RunConfig(parsed);
    }

    private static RunAccount Account(JsonElement account, string at, DateTimeOffset now)
    {
        if (account.ValueKind != JsonValueKind.Object)
        {
            throw new ConfigException($"{at}: must be an object");
        }

        foreach (var property in account.EnumerateObject())
        {
            if (property.Name is "api_key" or "api_secret" or "secret" or "key")
            {
                throw new ConfigException($"{at}.{property.Name}: keys do not belong in the config file; use credentials_file or api_key_env/api_secret_env");
            }

            if (!AccountFields.Contains(property.Name))
            {
                throw new ConfigException($"{at}.{property.Name}: unknown field");
            }
        }

        var name = Text(account, at, "name") ?? throw new ConfigException($"{at}.name: required (the account name fills are stored under)");
        var exchange = Text(account, at, "exchange") ?? FuturesExchange;
        if (exchange != FuturesExchange)
        {
            throw new ConfigException($"{at}.exchange: \"{exchange}\" is not supported (supported: {FuturesExchange})");
        }

        var venue = Text(account, at, "venue") ?? exchange;
        var baseUrlText = Text(account, at, "base_url") ?? DefaultBaseUrl;
        if (!Uri.TryCreate(baseUrlText, UriKind.Absolute, out var baseUrl) || (baseUrl.Scheme != Uri.UriSchemeHttp && baseUrl.Scheme != Uri.UriSchemeHttps))
        {
            throw new ConfigException($"{at}.base_url: \"{baseUrlText}\" is not an http(s) URL");
        }

        Uri streamUrl;
        if (Text(account, at, "stream_url") is { } streamText)
        {
            if (!Uri.TryCreate(streamText, UriKind.Absolute, out var parsedStream) || (parsedStream.Scheme != "ws" && parsedStream.Scheme != "wss"))
            {
                throw new ConfigException($"{at}.stream_url: \"{streamText}\" is not a ws(s) URL");
            }

            streamUrl = parsedStream;
        }
        else
        {
            streamUrl = DefaultStreamUrl(baseUrl);
        }

        var file = Text(account, at, "credentials_file");
        var keyVariable = Text(account, at, "api_key_env");
        var secretVariable = Text(account, at, "api_secret_env");
        if (file is null && (keyVariable is null || secretVariable is null))
        {
            throw new ConfigException($"{at}: say where the API key is: credentials_file, or both api_key_env and api_secret_env");
        }

        if (file is not null && (keyVariable is not null || secretVariable is not null))
        {
            throw new ConfigException($"{at}: credentials_file and api_key_env/api_secret_env do not go together");
        }

        return new RunAccount(
            name,
            venue,
            baseUrl,
            streamUrl,
            file,
            keyVariable,
            secretVariable,
            Symbols(account, at),
            Since(account, at) ?? now.AddDays(-7),
            PageLimit(account, at),
            Interval(account, at, "discovery_interval") ?? TimeSpan.FromMinutes(5));
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

    private static List<string>? Symbols(JsonElement account, string at)
    {
        if (!account.TryGetProperty("symbols", out var symbols) || (symbols.ValueKind == JsonValueKind.String && symbols.GetString() == "traded"))
        {
            return null;
        }

        if (symbols.ValueKind != JsonValueKind.Array || symbols.GetArrayLength() == 0)
        {
            throw new ConfigException($"{at}.symbols: {symbols.GetRawText()} is neither \"traded\" nor a non-empty array of symbols");
        }

        var list = new List<string>();
        foreach (var symbol in symbols.EnumerateArray())
        {
            var text = symbol.ValueKind == JsonValueKind.String ? symbol.GetString()!.Trim() : null;
            if (string.IsNullOrEmpty(text) || text.Any(c => !char.IsAsciiLetterOrDigit(c)))
            {
                throw new ConfigException($"{at}.symbols: {symbol.GetRawText()} is not a symbol such as \"BTCUSDT\"");
            }

            if (list.Contains(text, StringComparer.Ordinal))
            {
                throw new ConfigException($"{at}.symbols: \"{text}\" appears twice");
            }

            list.Add(text);
        }

        return list;
    }

    private static DateTimeOffset? Since(JsonElement account, string at)
    {
        var text = account.TryGetProperty("since", out var since) && since.ValueKind == JsonValueKind.Number
            ? since.GetRawText()
            : Text(account, at, "since");
        if (text is null)
        {
            return null;
        }

        if (FieldParser.Timestamp(text, out var parsed) is { } problem)
        {
            throw new ConfigException($"{at}.since: \"{text}\" {problem}");
        }

        return parsed;
    }

    private static int PageLimit(JsonElement account, string at)
    {
        if (!account.TryGetProperty("page_limit", out var limit))
        {
            return 1000;
        }

        if (limit.ValueKind != JsonValueKind.Number || !limit.TryGetInt32(out var value) || value is < 1 or > 1000)
        {
            throw new ConfigException($"{at}.page_limit: {limit.GetRawText()} is not a whole number from 1 to 1000");
        }

        return value;
    }

    private static TimeSpan? Interval(JsonElement account, string at, string field)
    {
        var text = Text(account, at, field);
        if (text is null)
        {
            return null;
        }

        if (!TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var interval) || interval <= TimeSpan.Zero)
        {
            throw new ConfigException($"{at}.{field}: \"{text}\" is not a positive interval such as \"00:05:00\"");
        }

        return interval;
    }

    private static string? Text(JsonElement account, string at, string field)
    {
        if (!account.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(value.GetString()))
        {
            throw new ConfigException($"{at}.{field}: {value.GetRawText()} is not a non-empty string");
        }

        return value.GetString()!.Trim();
    }

    private sealed class ConfigException(string message) : Exception(message);
}
