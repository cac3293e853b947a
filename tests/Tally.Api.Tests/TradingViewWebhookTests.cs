using Tally.Api.Webhooks;
using Tally.Core.Signals;

namespace Tally.Api.Tests;

/// <summary><c>POST /api/webhooks/tradingview</c>: the passphrase, the template, then the signal's own checks.</summary>
public sealed class TradingViewWebhookTests
{
    private const string Passphrase = "tv-pass";

    /// <summary>The README's example: TradingView's strategy placeholders filled in by TradingView, mapped here.</summary>
    private static readonly Dictionary<string, string> ReadmeTemplate = new()
    {
        ["signal_id"] = "{{id}}",
        ["strategy_id"] = "tv-{{strategy.name}}",
        ["symbol"] = "{{ticker}}",
        ["action"] = "{{strategy.order.action}}",
        ["confidence"] = "0.8",
        ["quantity"] = "{{strategy.order.contracts}}",
        ["take_profit_pct"] = "0.05",
        ["stop_loss_pct"] = "0.02",
        ["timestamp"] = "{{time}}",
    };

    private const string Alert = """
        {"passphrase":"tv-pass","id":"tv-42","ticker":"BTCUSDT","time":"2026-01-05T09:00:00Z",
         "strategy":{"name":"breakout","order":{"action":"buy","contracts":0.003}}}
        """;

    [Fact]
    public async Task A_configured_template_maps_nested_alert_fields_constants_and_mixed_text_into_the_signal()
    {
        var intake = new FakeIntake();
        await using var server = await Server(intake, ReadmeTemplate);

        var answer = await server.PostAsync("/api/webhooks/tradingview", Alert, token: "");

        Assert.Equal(200, answer.Status);
        Assert.Equal(("tv-42", "accepted"), (answer.Text("signal_id"), answer.Text("decision")));
        Assert.Equal(
            new Signal("tv-42", "tv-breakout", "BTCUSDT", SignalAction.Buy, 0.8m, ApiServer.Now, Quantity: 0.003m, TakeProfitPct: 0.05m, StopLossPct: 0.02m),
            Assert.Single(intake.Received));
    }

    [Fact]
    public async Task The_readme_example_maps_a_filled_in_alert_to_a_signal()
    {
        var template = new Dictionary<string, string>
        {
            ["signal_id"] = "{{id}}",
            ["strategy_id"] = "tv-{{strategy}}",
            ["symbol"] = "{{ticker}}",
            ["action"] = "{{action}}",
            ["confidence"] = "0.8",
            ["quantity"] = "{{contracts}}",
            ["take_profit_pct"] = "0.05",
            ["stop_loss_pct"] = "0.02",
        };
        var intake = new FakeIntake();
        await using var server = await Server(intake, template);

        var answer = await server.PostAsync("/api/webhooks/tradingview", """
            {"passphrase": "tv-pass", "id": "8-2026-01-05T09:00:00Z", "strategy": "breakout",
             "ticker": "BTCUSDT", "action": "sell", "contracts": "0.002"}
            """, token: "");

        Assert.Equal(200, answer.Status);
        Assert.Equal(
            new Signal("8-2026-01-05T09:00:00Z", "tv-breakout", "BTCUSDT", SignalAction.Sell, 0.8m, ApiServer.Now, Quantity: 0.002m, TakeProfitPct: 0.05m, StopLossPct: 0.02m),
            Assert.Single(intake.Received));
    }

    [Theory]
    [InlineData("""{"passphrase":"wrong","id":"1"}""")]
    [InlineData("""{"id":"1"}""")]
    [InlineData("""{"passphrase":null}""")]
    public async Task A_wrong_or_missing_passphrase_is_401(string alert)
    {
        var intake = new FakeIntake();
        await using var server = await Server(intake, ReadmeTemplate);

        var answer = await server.PostAsync("/api/webhooks/tradingview", alert, token: ApiServer.Token);

        Assert.Equal(401, answer.Status);
        Assert.Equal("application/problem+json", answer.ContentType);
        Assert.Empty(intake.Received);
    }

    [Fact]
    public async Task Without_a_configured_webhook_every_alert_is_401()
    {
        await using var server = await ApiServer.StartAsync(intake: new FakeIntake());

        var answer = await server.PostAsync("/api/webhooks/tradingview", Alert, token: "");

        Assert.Equal(401, answer.Status);
        Assert.Contains("api.tradingview", answer.Text("detail"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_template_naming_an_alert_field_the_alert_lacks_is_400_naming_the_signal_field_and_its_template()
    {
        var intake = new FakeIntake();
        await using var server = await Server(intake, ReadmeTemplate);

        var answer = await server.PostAsync("/api/webhooks/tradingview", """{"passphrase":"tv-pass","id":"x","ticker":"BTCUSDT","time":"2026-01-05T09:00:00Z","strategy":{"name":"b","order":{"action":"buy"}}}""", token: "");

        Assert.Equal(400, answer.Status);
        Assert.Equal(("quantity", "{{strategy.order.contracts}}"), (answer.Text("field"), answer.Text("value")));
        Assert.Contains("strategy.order.contracts", answer.Text("detail"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_mapped_signal_goes_through_the_same_checks_as_a_posted_one()
    {
        var intake = new FakeIntake();
        await using var server = await Server(intake, ReadmeTemplate);

        var answer = await server.PostAsync("/api/webhooks/tradingview", Alert.Replace("\"buy\"", "\"hold\"", StringComparison.Ordinal), token: "");

        Assert.Equal(400, answer.Status);
        Assert.Equal(("action", "hold"), (answer.Text("field"), answer.Text("value")));
        Assert.Empty(intake.Received);
    }

    [Fact]
    public async Task Without_a_template_the_alert_carries_the_signal_fields_by_their_own_names()
    {
        var intake = new FakeIntake();
        await using var server = await ApiServer.StartAsync(new ApiOptions { TradingView = new TradingViewOptions(Passphrase, WebhookTemplate.Identity) }, intake);

        var answer = await server.PostAsync("/api/webhooks/tradingview", """{"passphrase":"tv-pass","signal_id":"i1","strategy_id":"S","symbol":"ETHUSDT","action":"close","confidence":"1","comment":"ignored"}""", token: "");

        Assert.Equal(200, answer.Status);
        Assert.Equal(new Signal("i1", "S", "ETHUSDT", SignalAction.Close, 1m, ApiServer.Now), Assert.Single(intake.Received));
    }

    [Fact]
    public void A_template_key_that_is_not_a_signal_field_is_refused_when_configured()
    {
        Assert.Null(WebhookTemplate.Create(new Dictionary<string, string> { ["qty"] = "{{contracts}}" }, out var problem));
        Assert.StartsWith("qty: is not a signal field", problem, StringComparison.Ordinal);
    }

    private static Task<ApiServer> Server(FakeIntake intake, Dictionary<string, string> template) =>
        ApiServer.StartAsync(new ApiOptions { Token = ApiServer.Token, TradingView = new TradingViewOptions(Passphrase, WebhookTemplate.Create(template, out _)!) }, intake);
}
