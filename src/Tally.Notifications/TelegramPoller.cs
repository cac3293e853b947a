using System.Globalization;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Telegram.Bot;
using Telegram.Bot.Types.Enums;
using Tally.Storage;

namespace Tally.Notifications;

/// <summary>
/// The bot's commands by long polling (getUpdates): a message from a configured chat that is a command is answered
/// through the outbox (so replies share the rate limits and survive a restart); every other chat is ignored (logged).
/// An update is confirmed by the next getUpdates; one answered just before a crash may be answered again.
/// </summary>
public sealed class TelegramPoller(
    ITelegramBotClient bot,
    TelegramCommandHandler handler,
    FillLog log,
    NotificationOptions options,
    OutboxSignal signal,
    TimeProvider time,
    ILogger<TelegramPoller>? logger = null) : BackgroundService
{
    private readonly HashSet<long> _chats = [.. options.Telegram?.ChatIds ?? []];
    private readonly ILogger _logger = (ILogger?)logger ?? NullLogger.Instance;
    private long _handled;

    /// <summary>Updates looked at so far (answered or ignored).</summary>
    public long Handled => Interlocked.Read(ref _handled);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        int? offset = null;
        var wait = options.FirstBackoff;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var updates = await bot.GetUpdates(offset, 100, (int)options.PollTimeout.TotalSeconds, [UpdateType.Message], stoppingToken);
                wait = options.FirstBackoff;
                foreach (var update in updates)
                {
                    offset = update.Id + 1;
                    if (update.Message is { Text: { } text } message)
                    {
                        await HandleAsync(message.Chat.Id, text, stoppingToken);
                    }

                    Interlocked.Increment(ref _handled);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                Log.PollFailed(_logger, wait, e.Message);
                try
                {
                    await Task.Delay(wait, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, options.MaxBackoff.Ticks));
            }
        }
    }

    private async Task HandleAsync(long chat, string text, CancellationToken cancellationToken)
    {
        if (!_chats.Contains(chat))
        {
            Log.UnauthorizedChat(_logger, chat);
            return;
        }

        if (!text.StartsWith('/'))
        {
            return;
        }

        string reply;
        if (TelegramCommand.Parse(text) is not { } command)
        {
            reply = CommandReplies.Unknown(text);
        }
        else
        {
            Log.Command(_logger, command.Kind, chat);
            try
            {
                reply = await handler.AnswerAsync(command, chat, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Log.CommandFailed(_logger, command.Kind, e.Message);
                reply = $"Failed: {e.Message}";
            }
        }

        var now = time.GetUtcNow();
        await log.EnqueueOutboxAsync([new OutboxMessage(0, now, TelegramChannel.ChannelName, chat.ToString(CultureInfo.InvariantCulture), "reply", reply, null, 0, now, null, null, null)], cancellationToken);
        signal.Wake();
    }
}
