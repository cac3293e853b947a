using Tally.Core;
using Tally.Storage;
using Tally.Storage.Live;

namespace Tally.Notifications.Tests;

/// <summary>The wording rules: one message per position action in its own words, strategy closes, risk events without the noise.</summary>
public sealed class NotificationTextTests
{
    private static PositionEffect Effect(Side side, decimal quantity, decimal price, PositionAction action, decimal pnl, decimal after, decimal? average, decimal? cyclePnl = null, string venue = Fill.DefaultVenue) =>
        new(
            new Fill(venue, venue == Fill.DefaultVenue ? Fill.DefaultAccount : "main", "ETHUSDT", side, PositionSide.Both, quantity, price, 0m, null, "t", Harness.At(0)),
            action,
            pnl,
            after,
            average,
            cyclePnl is { } c ? new CycleSummary(new PositionKey(venue, "main", "ETHUSDT", PositionSide.Both), 1, PositionDirection.Long, null, null, true, 100m, 90m, 3m, c, [], c, null) : null);

    [Fact]
    public void Every_position_action_has_its_own_wording()
    {
        Assert.Equal("ETHUSDT short opened: sold 2 @ 100", NotificationText.Position(Effect(Side.Sell, 2m, 100m, PositionAction.ShortOpened, 0m, -2m, 100m)));
        Assert.Equal("ETHUSDT short increased: sold 1 @ 130; now 3, average entry 110", NotificationText.Position(Effect(Side.Sell, 1m, 130m, PositionAction.ShortIncreased, 0m, -3m, 110m)));
        Assert.Equal("ETHUSDT short reduced: bought 1 @ 100, PnL +10.00; 2 left at 110", NotificationText.Position(Effect(Side.Buy, 1m, 100m, PositionAction.ShortReduced, 10m, -2m, 110m)));
        Assert.Equal("ETHUSDT short closed: bought 2 @ 120; cycle PnL -10.00", NotificationText.Position(Effect(Side.Buy, 2m, 120m, PositionAction.ShortClosed, -20m, 0m, null, cyclePnl: -10m)));
        Assert.Equal(
            "ETHUSDT flipped long to short: sold 5 @ 90; long cycle PnL -30.00; now short 2 @ 90",
            NotificationText.Position(Effect(Side.Sell, 5m, 90m, PositionAction.LongClosedAndShortOpened, -45m, -2m, 90m, cyclePnl: -30m)));
        Assert.Equal(
            "ETHUSDT flipped short to long: bought 5 @ 90; short cycle PnL +0.0125; now long 2 @ 90",
            NotificationText.Position(Effect(Side.Buy, 5m, 90m, PositionAction.ShortClosedAndLongOpened, 0.0125m, 2m, 90m, cyclePnl: 0.0125m)));
        Assert.Equal("ETHUSDT long opened: bought 1 @ 100 (binance-usdm/main)", NotificationText.Position(Effect(Side.Buy, 1m, 100m, PositionAction.LongOpened, 0m, 1m, 100m, venue: "binance-usdm")));
    }

    [Theory]
    [InlineData("45666.666666666666666666666667", "45666.67")]
    [InlineData("0.123456789", "0.123457")]
    [InlineData("1.5", "1.5")]
    [InlineData("45000", "45000")]
    public void Prices_keep_about_six_significant_digits(string value, string text) =>
        Assert.Equal(text, NotificationText.Price(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture)));

    [Fact]
    public void Risk_events_are_worded_and_the_monitors_bookkeeping_is_not_sent()
    {
        StoredRiskEvent Event(string type, string? id = null, decimal? price = null) => new(1, Harness.At(0), type, null, null, id, null, price, null, "drawdown 4.5 % >= 4 %");
        Assert.Null(NotificationText.Risk(Event("PositionUpdated")));
        Assert.Null(NotificationText.Risk(Event("PositionOpened")));
        Assert.Null(NotificationText.Risk(Event("PositionClosed")));
        Assert.Equal("Risk: circuit breaker triggered: drawdown 4.5 % >= 4 %", NotificationText.Risk(Event("CircuitBreakerTriggered")));
        Assert.Equal("Risk: exit required [a-1] @ 45862: drawdown 4.5 % >= 4 %", NotificationText.Risk(Event("ForceExitRequired", "a-1", 45_862m)));

        var journalled = new RiskJournalled(Harness.At(0), [Event("PositionUpdated"), Event("StopNewEntries")], null);
        var notification = Assert.Single(NotificationText.For(journalled));
        Assert.Equal(("risk", "Risk: new entries stopped: drawdown 4.5 % >= 4 %"), (notification.Kind, notification.Text));
    }

    [Fact]
    public void Commands_are_parsed_with_or_without_the_bots_name_and_unknown_ones_are_not()
    {
        Assert.Equal(new TelegramCommand(TelegramCommandKind.ForceExit, "BTCUSDT_LONG"), TelegramCommand.Parse("/forceexit@TallyBot  BTCUSDT_LONG "));
        Assert.Equal(new TelegramCommand(TelegramCommandKind.StopEntry, null), TelegramCommand.Parse("/stopentry"));
        Assert.Equal(new TelegramCommand(TelegramCommandKind.Status, null), TelegramCommand.Parse("/STATUS"));
        Assert.Null(TelegramCommand.Parse("/sell everything"));
        Assert.Null(TelegramCommand.Parse("status"));
    }

    [Fact]
    public void The_backoff_doubles_from_the_first_wait_up_to_the_cap()
    {
        var waits = Enumerable.Range(1, 6).Select(n => OutboxSender.Backoff(n, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(10)).TotalSeconds);
        Assert.Equal([1d, 2d, 4d, 8d, 10d, 10d], waits);
    }

    [Fact]
    public void Balance_shows_equity_drawdown_health_and_the_gate_and_says_when_halted()
    {
        var status = new Tally.Engine.Risk.RiskStatus(
            Harness.At(0),
            "StopAllTrading",
            new Tally.Engine.Risk.RiskStatusEvaluation(Harness.At(0), 9_550.123m, 10_000m, 0.045m, 61.26m, 0m, 0m, 0m, 0m, 2),
            new Tally.Engine.Risk.RiskStatusBreaker(new DateOnly(2026, 1, 5), 10_000m, 10_000m, "Halt", true, Harness.At(0), true, true),
            []);
        Assert.Equal("Equity 9550.12 (day start 10000, drawdown 4.5 %), health 61.3, 2 open, gate StopAllTrading, HALTED (tally risk reset)", CommandReplies.Balance(status));
        Assert.StartsWith("No wallet read yet", CommandReplies.Balance(null), StringComparison.Ordinal);
    }

    [Fact]
    public void Rows_address_each_notification_to_every_chat_and_the_webhook_and_skip_history_older_than_the_maximum_age()
    {
        var options = new NotificationOptions(new TelegramOptions("1:x", new Uri("http://127.0.0.1:9"), [1, 2]), new WebhookOptions(new Uri("http://127.0.0.1:9/hook"), "s"));
        var now = Harness.At(120);
        var rows = OutboxWriter.Rows([new Notification("risk", Harness.At(0), "old"), new Notification("risk", Harness.At(61), "fresh")], options, now);
        Assert.Equal([("telegram", "1"), ("telegram", "2"), ("webhook", "webhook")], rows.Select(r => (r.Channel, r.Target)));
        Assert.All(rows, r => Assert.Equal(("fresh", now), (r.Text, r.NextAt)));
        Assert.Equal(6, OutboxWriter.Rows([new Notification("risk", Harness.At(0), "old"), new Notification("risk", Harness.At(61), "fresh")], options with { MaxAge = null }, now).Count);
    }
}
