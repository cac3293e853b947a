using Tally.Api.Queries;
using Tally.Core;
using Tally.Core.Attribution;
using Tally.Engine.Risk;
using Tally.Storage;

namespace Tally.Notifications.Tests;

/// <summary>
/// A fill log on a scratch SQLite file with the notification services running against the fake Telegram Bot API,
/// wired as <c>tally run</c> wires them (writer subscribed to the log, sender, command poller).
/// </summary>
internal sealed class Harness : IAsyncDisposable
{
    public const long Operator = 42;
    public const long Stranger = 666;

    private readonly CancellationTokenSource _stop = new();
    private readonly List<Microsoft.Extensions.Hosting.BackgroundService> _services = [];

    private bool _ownsTelegram;

    private Harness(string path, FillLog log, FakeTelegramServer telegram, NotificationOptions options, TimeProvider time)
    {
        Path = path;
        Log = log;
        Telegram = telegram;
        Options = options;
        Time = time;
    }

    public string Path { get; }

    public FillLog Log { get; private set; }

    public FakeTelegramServer Telegram { get; }

    public NotificationOptions Options { get; }

    public TimeProvider Time { get; }

    public OutboxSignal Signal { get; } = new();

    public OutboxWriter Writer { get; private set; } = null!;

    public OutboxSender Sender { get; private set; } = null!;

    public TelegramPoller Poller { get; private set; } = null!;

    /// <summary>Starts the fake server, opens the log and starts the services asked for.</summary>
    public static async Task<Harness> StartAsync(TimeProvider? time = null, bool send = true, bool poll = true, string? path = null, FakeTelegramServer? telegram = null)
    {
        time ??= TimeProvider.System;
        var owns = telegram is null;
        telegram ??= await FakeTelegramServer.StartAsync();
        path ??= System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"tally-notify-{Guid.NewGuid():N}.db");
        var log = await FillLog.OpenAsync(await FillStores.OpenAsync($"sqlite:{path}", CancellationToken.None), time, CancellationToken.None);
        var options = new NotificationOptions(new TelegramOptions(FakeTelegramServer.Token, telegram.BaseUrl, [Operator]), null)
        {
            PerChatInterval = time == TimeProvider.System ? TimeSpan.FromMilliseconds(5) : TimeSpan.FromSeconds(1),
            PollTimeout = TimeSpan.FromSeconds(1),
            MaxAge = null,
        };
        var harness = new Harness(path, log, telegram, options, time) { _ownsTelegram = owns };
        await harness.StartServicesAsync(send, poll);
        return harness;
    }

    /// <summary>Stops the services and closes the log, keeping the file and the fake server: a process that ended.</summary>
    public async Task StopAsync()
    {
        foreach (var service in _services)
        {
            await service.StopAsync(CancellationToken.None);
            service.Dispose();
        }

        _services.Clear();
        await Log.DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await StopAsync();
        if (_ownsTelegram)
        {
            await Telegram.DisposeAsync();
        }

        _stop.Dispose();
        foreach (var file in new[] { Path, Path + "-wal", Path + "-shm" })
        {
            File.Delete(file);
        }
    }

    /// <summary>DESIGN §3's worked example on the log: A and B enter, A's take-profit, B's stop (three committed batches).</summary>
    public async Task RunWorkedExampleAsync()
    {
        OrderIntent Intent(string id, string strategy, OrderPurpose purpose, Side side, decimal quantity, OrderIntentKind kind) =>
            new(Core.Fill.DefaultVenue, Core.Fill.DefaultAccount, id, "BTCUSDT", strategy, purpose, kind, side, PositionSide.Long, quantity, null, ReduceOnly: false, null, At(0));
        foreach (var intent in new[]
        {
            Intent("a-entry", "A", new OrderPurpose.Entry("A", "a-entry", 48_000m, 43_000m), Side.Buy, 0.001m, OrderIntentKind.Market),
            Intent("b-entry", "B", new OrderPurpose.Entry("B", "b-entry", 49_000m, 44_000m), Side.Buy, 0.002m, OrderIntentKind.Market),
            Intent("a-tp", "A", new OrderPurpose.ExitPosition("a-entry", CloseReason.TakeProfit), Side.Sell, 0.001m, OrderIntentKind.TakeProfitMarket),
            Intent("b-sl", "B", new OrderPurpose.ExitPosition("b-entry", CloseReason.StopLoss), Side.Sell, 0.002m, OrderIntentKind.StopMarket),
        })
        {
            await Log.SaveIntentAsync(intent, CancellationToken.None);
        }

        await Log.IngestAsync([new IncomingFill(Fill("x1", Side.Buy, 0.001m, 45_000m, 1, "a-entry")), new IncomingFill(Fill("x2", Side.Buy, 0.002m, 46_000m, 2, "b-entry"))], CancellationToken.None);
        await Log.IngestAsync([new IncomingFill(Fill("x3", Side.Sell, 0.001m, 48_000m, 3, "a-tp"))], CancellationToken.None);
        await Log.IngestAsync([new IncomingFill(Fill("x4", Side.Sell, 0.002m, 44_000m, 4, "b-sl"))], CancellationToken.None);
    }

    public static DateTimeOffset At(int minute) => new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero).AddMinutes(minute);

    public static Fill Fill(string tradeId, Side side, decimal quantity, decimal price, int minute, string clientOrderId) =>
        new(Core.Fill.DefaultVenue, Core.Fill.DefaultAccount, "BTCUSDT", side, PositionSide.Long, quantity, price, 0m, null, tradeId, At(minute), ClientOrderId: clientOrderId);

    private async Task StartServicesAsync(bool send, bool poll)
    {
        var signal = Signal;
        var bot = TelegramChannel.Client(Options.Telegram!);
        Writer = new OutboxWriter(Log, Options, signal, Time);
        _services.Add(Writer);
        if (send)
        {
            Sender = new OutboxSender(Log, [new TelegramChannel(bot)], Options, signal, Time);
            _services.Add(Sender);
        }

        if (poll)
        {
            var handler = new TelegramCommandHandler(new FillLogQueries(Log), new OperatorActions(Log, Time), Time);
            Poller = new TelegramPoller(bot, handler, Log, Options, signal, Time);
            _services.Add(Poller);
        }

        foreach (var service in _services)
        {
            await service.StartAsync(_stop.Token);
        }
    }
}
