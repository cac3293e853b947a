using Microsoft.Extensions.Time.Testing;
using Tally.Core.Signals;
using Tally.Engine.Risk;
using Tally.Storage;

namespace Tally.Notifications.Tests;

/// <summary>Notifications end to end: the fill log's changes through the outbox to a fake Telegram Bot API, and its commands back.</summary>
public sealed class TelegramEndToEndTests
{
    /// <summary>What the operator's chat receives for DESIGN §3's worked example, in order.</summary>
    public static readonly string[] WorkedExampleMessages =
    [
        "BTCUSDT long opened: bought 0.001 @ 45000",
        "BTCUSDT long increased: bought 0.002 @ 46000; now 0.003, average entry 45666.67",
        "BTCUSDT long reduced: sold 0.001 @ 48000, PnL +2.3333; 0.002 left at 45666.67",
        "Strategy A: BTCUSDT long closed by take profit @ 48000, PnL +3.00 (+6.67 %) [a-entry]",
        "BTCUSDT long closed: sold 0.002 @ 44000; cycle PnL -1.00",
        "Strategy B: BTCUSDT long closed by stop loss @ 44000, PnL -4.00 (-4.35 %) [b-entry]",
    ];

    [Fact]
    public async Task The_worked_example_reaches_the_operators_chat_as_one_message_per_action_in_order()
    {
        await using var x = await Harness.StartAsync(poll: false);

        await x.RunWorkedExampleAsync();

        await Wait.UntilAsync(() => x.Telegram.Sent.Count >= WorkedExampleMessages.Length, "the worked example's messages");
        Assert.Equal(WorkedExampleMessages, x.Telegram.Sent.Select(m => m.Text));
        Assert.All(x.Telegram.Sent, m => Assert.Equal(Harness.Operator, m.Chat));
        await UntilNothingPendingAsync(x.Log);
    }

    [Fact]
    public async Task Commands_from_the_configured_chat_are_answered_and_a_strangers_are_ignored()
    {
        await using var x = await Harness.StartAsync();
        await x.RunWorkedExampleAsync();
        await Wait.UntilAsync(() => x.Telegram.Sent.Count >= WorkedExampleMessages.Length, "the worked example's messages");

        x.Telegram.Say(Harness.Stranger, "/stop");
        x.Telegram.Say(Harness.Operator, "/performance");
        await Wait.UntilAsync(() => x.Telegram.Sent.Count > WorkedExampleMessages.Length && x.Poller.Handled == 2, "the answer to /performance");
        Assert.DoesNotContain(x.Telegram.Sent, m => m.Chat == Harness.Stranger);
        Assert.Equal(RiskGate.Open, await new OperatorActions(x.Log, TimeProvider.System).SwitchAsync(CancellationToken.None));
        Assert.Equal(
            "Per strategy:\nA: 1/1 closed, TP 1 SL 0, win rate 100 %, net +3.00, profit factor -\nB: 1/1 closed, TP 0 SL 1, win rate 0 %, net -4.00, profit factor 0",
            x.Telegram.Sent[^1].Text);

        var answers = new (string Command, string Starts)[]
        {
            ("/status", "No open strategy positions."),
            ("/profit", "Closed: 2 (1 won, 1 lost, win rate 50 %)\nRealized PnL -1.00, fees 0, net -1.00"),
            ("/forceexit a-entry", "Refused: no open strategy position has id or exchange position key \"a-entry\""),
            ("/forceexit", "Usage: /forceexit ID"),
            ("/stopentry", "Done: operator switch open (trading) -> stop new entries."),
            ("/stop", "Done: operator switch stop new entries -> stop all trading."),
            ("/start", "Done: operator switch stop all trading -> open (trading)."),
            ("/balance", "No wallet read yet"),
            ("/daily", "Daily net PnL (UTC):"),
            ("/help", "/status - open strategy positions"),
            ("/nonsense", "Unknown command /nonsense."),
        };
        foreach (var (command, starts) in answers)
        {
            var before = x.Telegram.Sent.Count;
            x.Telegram.Say(Harness.Operator, command);
            await Wait.UntilAsync(() => x.Telegram.Sent.Count > before, $"the answer to {command}");
            Assert.StartsWith(starts, x.Telegram.Sent[^1].Text, StringComparison.Ordinal);
        }

        var audit = await x.Log.ReadAuditAsync(CancellationToken.None);
        Assert.Equal(3, audit.Count(a => a.Kind == "operator_switch" && a.Reason == $"telegram {Harness.Operator}"));
        Assert.Equal(RiskGate.Open, await new OperatorActions(x.Log, TimeProvider.System).SwitchAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_fills_message_is_written_with_the_fill_and_one_still_pending_at_a_stop_is_delivered_after_the_restart()
    {
        await using var telegram = await FakeTelegramServer.StartAsync();
        var path = Path.Combine(Path.GetTempPath(), $"tally-notify-{Guid.NewGuid():N}.db");
        await using var first = await Harness.StartAsync(send: false, poll: false, path: path, telegram: telegram);
        await first.Log.IngestAsync([new IncomingFill(Harness.Fill("r1", Core.Side.Buy, 0.001m, 45_000m, 1, "manual-1"))], CancellationToken.None);

        // Written with the fill, in its transaction: there as soon as the ingest returns.
        var pending = Assert.Single(await first.Log.ReadOutboxAsync(pendingOnly: true, 10, CancellationToken.None));
        Assert.Equal(("telegram", "42", "position"), (pending.Channel, pending.Target, pending.Kind));
        Assert.Equal(1, first.Writer.Written);
        await first.StopAsync();
        Assert.Empty(telegram.Sent);

        await using var second = await Harness.StartAsync(poll: false, path: path, telegram: telegram);
        await Wait.UntilAsync(() => telegram.Sent.Count == 1, "the pending message delivered after the restart");
        Assert.Equal("BTCUSDT long opened: bought 0.001 @ 45000", telegram.Sent[0].Text);
        await UntilNothingPendingAsync(second.Log);
    }

    [Fact]
    public async Task A_429_is_retried_only_after_its_retry_after_and_later_messages_to_the_chat_wait_behind_it()
    {
        var clock = new FakeTimeProvider(Harness.At(0));
        await using var x = await Harness.StartAsync(time: clock, poll: false);
        x.Telegram.TooManyRequests(seconds: 3);
        var now = clock.GetUtcNow();
        await x.Log.EnqueueOutboxAsync(
            [
                new OutboxMessage(0, now, TelegramChannel.ChannelName, "42", "risk", "first", null, 0, now, null, null, null),
                new OutboxMessage(0, now, TelegramChannel.ChannelName, "42", "risk", "second", null, 0, now, null, null, null),
            ],
            CancellationToken.None);
        x.Signal.Wake();
        await Wait.UntilAsync(() => x.Telegram.SendRequests == 1 && x.Sender.WaitingUntil == now.AddSeconds(3), "the 429 and a wait of exactly retry_after");
        var deferred = await x.Log.ReadOutboxAsync(pendingOnly: true, 10, CancellationToken.None);
        Assert.Equal((0, now.AddSeconds(3)), (deferred[0].Attempts, deferred[0].NextAt));

        clock.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(now.AddSeconds(3), x.Sender.WaitingUntil);
        Assert.Equal(1, x.Telegram.SendRequests);

        clock.Advance(TimeSpan.FromSeconds(1));
        await Wait.UntilAsync(() => x.Telegram.Sent.Count == 1 && x.Sender.WaitingUntil == now.AddSeconds(4), "the first delivered, the second a second later (one per chat per second)");
        clock.Advance(TimeSpan.FromSeconds(1));
        await Wait.UntilAsync(() => x.Telegram.Sent.Count == 2, "the second delivered");
        Assert.Equal(["first", "second"], x.Telegram.Sent.Select(m => m.Text));
    }

    private static async Task UntilNothingPendingAsync(FillLog log)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await Wait.UntilAsync(async ct => (await log.ReadOutboxAsync(pendingOnly: true, 10, ct)).Count == 0, "every outbox row marked sent", deadline.Token);
    }
}
