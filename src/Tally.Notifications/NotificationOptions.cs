using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Tally.Notifications;

/// <summary>Telegram: the bot's token, the Bot API's base URL (a fake one in tests) and the chats it writes to and obeys.</summary>
public sealed record TelegramOptions(string BotToken, Uri BaseUrl, IReadOnlyList<long> ChatIds)
{
    public const string DefaultBaseUrl = "https://api.telegram.org";
}

/// <summary>A generic webhook: every message POSTed as JSON to <paramref name="Url"/>, its body signed with HMAC-SHA256 of <paramref name="Secret"/>.</summary>
public sealed record WebhookOptions(Uri Url, string Secret);

/// <summary>
/// The <c>notifications</c> section of <c>tally run</c>'s config, read and checked (one-line refusals). The tuning
/// fields keep their defaults in the config file; tests shorten them.
/// </summary>
public sealed record NotificationOptions(TelegramOptions? Telegram, WebhookOptions? Webhook)
{
    /// <summary>The least time between two messages to one chat (Telegram allows about one a second).</summary>
    public TimeSpan PerChatInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The first retry's wait after a failed delivery; doubled per attempt up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan FirstBackoff { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Failed deliveries (not counting 429s) after which a message is given up (failed_ms set).</summary>
    public int MaxAttempts { get; init; } = 20;

    /// <summary>Fills and risk events older than this when committed are not notified (history back-filled); null for no limit.</summary>
    public TimeSpan? MaxAge { get; init; } = TimeSpan.FromHours(1);

    /// <summary>The getUpdates long-poll timeout.</summary>
    public TimeSpan PollTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long the sender sleeps at most when nothing is due (it is woken at once by new rows).</summary>
    public TimeSpan IdleInterval { get; init; } = TimeSpan.FromSeconds(30);
}

/// <summary>
/// Reads the <c>notifications</c> section: <c>telegram</c> {<c>bot_token</c> or <c>bot_token_env</c>, <c>base_url</c>,
/// <c>chat_ids</c>} and <c>webhook</c> {<c>url</c>, <c>secret_env</c>}. Secrets come from the environment (the bot token
/// may be written in the file, as <c>api.token</c> may); a refusal never repeats one.
/// </summary>
public static partial class NotificationConfig
{
    private static readonly string[] SectionFields = ["telegram", "webhook"];
    private static readonly string[] TelegramFields = ["bot_token", "bot_token_env", "base_url", "chat_ids"];
    private static readonly string[] WebhookFields = ["url", "secret_env"];

    /// <summary>The options, or null with <paramref name="problem"/> set to one line naming the field (prefixed with <paramref name="at"/>).</summary>
    public static NotificationOptions? Parse(JsonElement section, string at, Func<string, string?> environment, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(environment);
        problem = null;
        if (section.ValueKind != JsonValueKind.Object)
        {
            problem = $"{at}: must be an object with \"telegram\" and/or \"webhook\"";
            return null;
        }

        if (Unknown(section, SectionFields, at, out problem))
        {
            return null;
        }

        TelegramOptions? telegram = null;
        WebhookOptions? webhook = null;
        if (section.TryGetProperty("telegram", out var t))
        {
            telegram = Telegram(t, $"{at}.telegram", environment, out problem);
            if (telegram is null)
            {
                return null;
            }
        }

        if (section.TryGetProperty("webhook", out var w))
        {
            webhook = Webhook(w, $"{at}.webhook", environment, out problem);
            if (webhook is null)
            {
                return null;
            }
        }

        if (telegram is null && webhook is null)
        {
            problem = $"{at}: give \"telegram\" and/or \"webhook\"";
            return null;
        }

        return new NotificationOptions(telegram, webhook);
    }

    private static TelegramOptions? Telegram(JsonElement t, string at, Func<string, string?> environment, out string? problem)
    {
        if (t.ValueKind != JsonValueKind.Object)
        {
            problem = $"{at}: must be an object";
            return null;
        }

        if (Unknown(t, TelegramFields, at, out problem))
        {
            return null;
        }

        var written = String(t, "bot_token");
        var variable = String(t, "bot_token_env");
        if ((written is null) == (variable is null))
        {
            problem = $"{at}: give exactly one of \"bot_token\" and \"bot_token_env\"";
            return null;
        }

        var token = written ?? environment(variable!);
        if (string.IsNullOrWhiteSpace(token))
        {
            problem = $"{at}.bot_token_env: environment variable {variable} is not set";
            return null;
        }

        if (!TokenShape().IsMatch(token))
        {
            problem = $"{at}.{(written is null ? "bot_token_env" : "bot_token")}: not a bot token (expected digits:letters as BotFather gives it)";
            return null;
        }

        var baseText = String(t, "base_url") ?? TelegramOptions.DefaultBaseUrl;
        if (!Uri.TryCreate(baseText, UriKind.Absolute, out var baseUrl) || (baseUrl.Scheme != Uri.UriSchemeHttps && baseUrl.Scheme != Uri.UriSchemeHttp))
        {
            problem = $"{at}.base_url: \"{baseText}\" is not an http(s) URL";
            return null;
        }

        if (!t.TryGetProperty("chat_ids", out var ids) || ids.ValueKind != JsonValueKind.Array || ids.GetArrayLength() == 0)
        {
            problem = $"{at}.chat_ids: give a non-empty array of chat ids (numbers)";
            return null;
        }

        var chats = new List<long>();
        var index = 0;
        foreach (var id in ids.EnumerateArray())
        {
            long chat;
            if (id.ValueKind == JsonValueKind.Number && id.TryGetInt64(out chat))
            {
                chats.Add(chat);
            }
            else if (id.ValueKind == JsonValueKind.String && long.TryParse(id.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out chat))
            {
                chats.Add(chat);
            }
            else
            {
                problem = $"{at}.chat_ids[{index}]: {id.GetRawText()} is not a chat id (a whole number)";
                return null;
            }

            index++;
        }

        problem = null;
        return new TelegramOptions(token, new Uri(baseUrl.GetLeftPart(UriPartial.Path).TrimEnd('/')), [.. chats.Distinct()]);
    }

    private static WebhookOptions? Webhook(JsonElement w, string at, Func<string, string?> environment, out string? problem)
    {
        if (w.ValueKind != JsonValueKind.Object)
        {
            problem = $"{at}: must be an object";
            return null;
        }

        if (Unknown(w, WebhookFields, at, out problem))
        {
            return null;
        }

        var urlText = String(w, "url");
        if (urlText is null || !Uri.TryCreate(urlText, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            problem = $"{at}.url: give the http(s) URL to POST to";
            return null;
        }

        var variable = String(w, "secret_env");
        if (variable is null)
        {
            problem = $"{at}.secret_env: name the environment variable holding the signing secret";
            return null;
        }

        var secret = environment(variable);
        if (string.IsNullOrEmpty(secret))
        {
            problem = $"{at}.secret_env: environment variable {variable} is not set";
            return null;
        }

        problem = null;
        return new WebhookOptions(url, secret);
    }

    private static bool Unknown(JsonElement element, string[] known, string at, out string? problem)
    {
        foreach (var field in element.EnumerateObject())
        {
            if (!known.Contains(field.Name, StringComparer.Ordinal))
            {
                problem = $"{at}.{field.Name}: unknown field (expected {string.Join(", ", known.Select(k => $"\"{k}\""))})";
                return true;
            }
        }

        problem = null;
        return false;
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text ? text : null;

    [GeneratedRegex("^[0-9]+:[A-Za-z0-9_-]+$")]
    private static partial Regex TokenShape();
}
