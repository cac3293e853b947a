using System.Globalization;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Tally.Storage;

namespace Tally.Notifications;

/// <summary>
/// Telegram through Telegram.Bot: sendMessage to the row's chat, plain text. A 429 gives its <c>retry_after</c>
/// (the sender waits that long before any Telegram message); 5xx and network failures are retried; other 4xx
/// (chat not found, bot blocked) are given up.
/// </summary>
public sealed class TelegramChannel(ITelegramBotClient bot) : INotificationChannel
{
    public const string ChannelName = "telegram";

    public string Name => ChannelName;

    /// <summary>A client for <paramref name="options"/>' base URL with Telegram.Bot's own 429 retries off: the sender does them, on its clock.</summary>
    public static TelegramBotClient Client(TelegramOptions options, HttpClient? http = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new TelegramBotClient(new TelegramBotClientOptions(options.BotToken, options.BaseUrl.AbsoluteUri.TrimEnd('/')) { RetryCount = 0, RetryThreshold = 0 }, http);
    }

    public async Task<Delivery> DeliverAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!long.TryParse(message.Target, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var chat))
        {
            return new Delivery.Permanent($"\"{message.Target}\" is not a chat id");
        }

        try
        {
            await bot.SendMessage(chat, message.Text, cancellationToken: cancellationToken);
            return new Delivery.Sent();
        }
        catch (ApiRequestException e) when (e.ErrorCode == 429)
        {
            return new Delivery.RetryAfter(TimeSpan.FromSeconds(Math.Max(1, e.Parameters?.RetryAfter ?? 1)), $"429 {e.Message}");
        }
        catch (ApiRequestException e) when (e.ErrorCode >= 500)
        {
            return new Delivery.Transient($"{e.ErrorCode} {e.Message}");
        }
        catch (ApiRequestException e)
        {
            return new Delivery.Permanent($"{e.ErrorCode} {e.Message}");
        }
        catch (RequestException e)
        {
            return new Delivery.Transient(e.Message);
        }
        catch (HttpRequestException e)
        {
            return new Delivery.Transient(e.Message);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            return new Delivery.Transient($"timed out: {e.Message}");
        }
    }
}
