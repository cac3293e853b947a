using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Tally.Notifications;
using Tally.Storage;

namespace Tally.Cli.Run;

/// <summary>
/// The <c>notifications</c> section of <c>tally run</c>'s config (README: Notifications), read from the file like
/// <see cref="RunRisk"/> (one JSON reader, <see cref="NotificationConfig"/>), and its services in the run host.
/// </summary>
public static class RunNotifications
{
    /// <summary>False with one line in <paramref name="problem"/> for a bad section; true with null options without one.</summary>
    public static bool TryRead(string path, Func<string, string?> environment, out NotificationOptions? options, out string? problem)
    {
        options = null;
        problem = null;
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(path), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            problem = $"{path}: {e.Message}";
            return false;
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("notifications", out var section))
            {
                return true;
            }

            options = NotificationConfig.Parse(section, $"{path}: notifications", environment, out problem);
            return options is not null;
        }
    }

    /// <summary>The outbox writer and sender, Telegram and the webhook, when configured; nothing otherwise.</summary>
    public static void Add(IServiceCollection services, NotificationOptions? options, FillLog log)
    {
        if (options is not null)
        {
            services.AddTallyNotifications(options, log);
        }
    }

    /// <summary>What --check prints when notifications are configured (never the token or the secret); null when they are not.</summary>
    public static string? Line(NotificationOptions? options) => options is null
        ? null
        : $"notifications: {(options.Telegram is { } t ? $"telegram via {t.BaseUrl.Host} to {t.ChatIds.Count} chat(s)" : "no telegram")}, {(options.Webhook is { } w ? $"webhook to {w.Url.Host}" : "no webhook")}";
}
