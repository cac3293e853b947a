using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tally.Api.Queries;
using Tally.Engine.Risk;
using Tally.Storage;

namespace Tally.Notifications;

/// <summary>Registers notifications in a host (<c>tally run</c>): the outbox writer and sender, Telegram's channel and commands, the webhook.</summary>
public static class NotificationServices
{
    /// <summary>
    /// Adds the outbox writer (subscribed to <paramref name="log"/>'s changes), the sender and, per configured channel,
    /// its delivery; with Telegram, the command poller (it needs <see cref="IApiQueries"/> registered, as AddApi does).
    /// Needs a <see cref="TimeProvider"/> registered.
    /// </summary>
    public static IServiceCollection AddTallyNotifications(this IServiceCollection services, NotificationOptions options, FillLog log)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(log);
        services.AddSingleton(options);
        services.AddSingleton(new OutboxSignal());
        services.AddSingleton(sp => new OutboxWriter(log, options, sp.GetRequiredService<OutboxSignal>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<OutboxWriter>());
        if (options.Telegram is { } telegram)
        {
            services.AddHttpClient("telegram");
            services.AddSingleton(sp => TelegramChannel.Client(telegram, sp.GetRequiredService<IHttpClientFactory>().CreateClient("telegram")));
            services.AddSingleton<INotificationChannel>(sp => new TelegramChannel(sp.GetRequiredService<Telegram.Bot.TelegramBotClient>()));
            services.AddSingleton(sp => new TelegramCommandHandler(sp.GetRequiredService<IApiQueries>(), new OperatorActions(log, sp.GetRequiredService<TimeProvider>()), sp.GetRequiredService<TimeProvider>()));
            services.AddSingleton(sp => new TelegramPoller(
                sp.GetRequiredService<Telegram.Bot.TelegramBotClient>(),
                sp.GetRequiredService<TelegramCommandHandler>(),
                log,
                options,
                sp.GetRequiredService<OutboxSignal>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetService<ILogger<TelegramPoller>>()));
            services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<TelegramPoller>());
        }

        if (options.Webhook is { } webhook)
        {
            services.AddHttpClient(WebhookChannel.ChannelName, http => http.Timeout = TimeSpan.FromSeconds(30));
            services.AddSingleton<INotificationChannel>(sp => new WebhookChannel(sp.GetRequiredService<IHttpClientFactory>().CreateClient(WebhookChannel.ChannelName), webhook));
        }

        services.AddSingleton(sp => new OutboxSender(log, sp.GetServices<INotificationChannel>(), options, sp.GetRequiredService<OutboxSignal>(), sp.GetRequiredService<TimeProvider>(), sp.GetService<ILogger<OutboxSender>>()));
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<OutboxSender>());
        return services;
    }
}
