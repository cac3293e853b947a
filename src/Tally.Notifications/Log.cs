using Microsoft.Extensions.Logging;

namespace Tally.Notifications;

/// <summary>The notifications' log messages; event ids are stable.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 701, Level = LogLevel.Warning, Message = "Notification {Id} ({Channel} {Target}) not delivered (attempt {Attempts}), next try at {NextAt:O}: {Error}")]
    public static partial void Deferred(ILogger logger, long id, string channel, string target, int attempts, DateTimeOffset nextAt, string error);

    [LoggerMessage(EventId = 702, Level = LogLevel.Error, Message = "Notification {Id} ({Channel} {Target}) given up after {Attempts} attempts: {Error}")]
    public static partial void GivenUp(ILogger logger, long id, string channel, string target, int attempts, string error);

    [LoggerMessage(EventId = 703, Level = LogLevel.Warning, Message = "Notification sender step failed: {Error}")]
    public static partial void SenderFailed(ILogger logger, string error);

    [LoggerMessage(EventId = 704, Level = LogLevel.Warning, Message = "Telegram command from chat {Chat} ignored: the chat is not in notifications.telegram.chat_ids")]
    public static partial void UnauthorizedChat(ILogger logger, long chat);

    [LoggerMessage(EventId = 705, Level = LogLevel.Information, Message = "Telegram command {Command} from chat {Chat}")]
    public static partial void Command(ILogger logger, TelegramCommandKind command, long chat);

    [LoggerMessage(EventId = 706, Level = LogLevel.Warning, Message = "Telegram getUpdates failed, retrying in {Wait}: {Error}")]
    public static partial void PollFailed(ILogger logger, TimeSpan wait, string error);

    [LoggerMessage(EventId = 707, Level = LogLevel.Warning, Message = "Telegram command {Command} failed: {Error}")]
    public static partial void CommandFailed(ILogger logger, TelegramCommandKind command, string error);
}
