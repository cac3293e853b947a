using System.Text.Json;
using Tally.Core.Signals;

namespace Tally.Api.Tests;

/// <summary><c>POST /api/signals</c>: the token, strict reading with problem+json naming the field, exact decimals, the decision.</summary>
public sealed class SignalEndpointTests
{
    private const string Buy = """{"signal_id":"s1","strategy_id":"A","symbol":"btcusdt","action":"buy","confidence":"0.7","quantity":"0.001","take_profit":"48000","stop_loss":"43000"}""";

    [Fact]
    public async Task A_post_without_the_token_is_401_problem_json()
    {
        var intake = new FakeIntake();
        await using var server = await ApiServer.StartAsync(intake: intake);

        var answer = await server.PostAsync("/api/signals", Buy, token: "");

        Assert.Equal(401, answer.Status);
        Assert.Equal("application/problem+json", answer.ContentType);
        Assert.Equal("Bearer", answer.Response.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(401, answer.Json.GetProperty("status").GetInt32());
        Assert.Empty(intake.Received);
    }

    [Fact]
    public async Task A_post_with_a_wrong_token_is_401()
    {
        var intake = new FakeIntake();
        await using var server = await ApiServer.StartAsync(intake: intake);

        var answer = await server.PostAsync("/api/signals", Buy, token: ApiServer.Token + "x");

        Assert.Equal(401, answer.Status);
        Assert.Equal("application/problem+json", answer.ContentType);
        Assert.Empty(intake.Received);
    }

    [Fact]
    public async Task Without_a_configured_token_every_write_is_refused_naming_where_the_token_goes()
    {
        await using var server = await ApiServer.StartAsync(new ApiOptions(), new FakeIntake());

        var answer = await server.PostAsync("/api/signals", Buy, token: "anything");

        Assert.Equal(401, answer.Status);
        Assert.Contains(ApiOptions.TokenVariable, answer.Text("detail"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_accepted_signal_answers_its_decision_and_reaches_the_intake_as_sent()
    {
        var intake = new FakeIntake();
        await using var server = await ApiServer.StartAsync(intake: intake);

        var answer = await server.PostAsync("/api/signals", Buy);

        Assert.Equal(200, answer.Status);
        Assert.Equal(
            ["signal_id", "decision", "reason", "conflicts_with", "client_order_id", "repeated"],
            answer.Json.EnumerateObject().Select(p => p.Name));
        Assert.Equal(("s1", "accepted", "no conflict", null, "tly-s1", false), (answer.Text("signal_id"), answer.Text("decision"), answer.Text("reason"), answer.Text("conflicts_with"), answer.Text("client_order_id"), answer.Json.GetProperty("repeated").GetBoolean()));
        var signal = Assert.Single(intake.Received);
        Assert.Equal(
            new Signal("s1", "A", "BTCUSDT", SignalAction.Buy, 0.7m, ApiServer.Now, Quantity: 0.001m, TakeProfit: 48_000m, StopLoss: 43_000m),
            signal);
    }

    [Fact]
    public async Task A_rejected_signal_is_200_with_its_reason_and_the_signal_that_decided_it()
    {
        var intake = new FakeIntake { Decide = _ => SignalDecision.Reject("not stronger than active opposite signal s0 (0.9)", "s0") };
        await using var server = await ApiServer.StartAsync(intake: intake);

        var answer = await server.PostAsync("/api/signals", Buy);

        Assert.Equal(200, answer.Status);
        Assert.Equal(("rejected", "not stronger than active opposite signal s0 (0.9)", "s0", null), (answer.Text("decision"), answer.Text("reason"), answer.Text("conflicts_with"), answer.Text("client_order_id")));
    }

    [Fact]
    public async Task Decimals_may_be_json_numbers_and_are_read_exactly_from_their_text()
    {
        var intake = new FakeIntake();
        await using var server = await ApiServer.StartAsync(intake: intake);

        // 0.1 and 28 significant digits: through double these would not survive.
        var answer = await server.PostAsync("/api/signals", """
            {"signal_id":"n1","strategy_id":"A","symbol":"ETHUSDT","action":"sell","confidence":0.1,
             "size_fraction":0.1234567890123456789012345678,"price":3456.78,"stop_loss_pct":2E-2,"timestamp":1767603600000}
            """);

        Assert.Equal(200, answer.Status);
        var signal = Assert.Single(intake.Received);
        Assert.Equal(0.1m, signal.Confidence);
        Assert.Equal(0.1234567890123456789012345678m, signal.SizeFraction);
        Assert.Equal(3456.78m, signal.Price);
        Assert.Equal(0.02m, signal.StopLossPct);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1767603600000), signal.Timestamp);
    }

    [Fact]
    public async Task The_same_signal_id_twice_gets_the_first_decision_marked_repeated()
    {
        var decisions = 0;
        var intake = new FakeIntake { Decide = _ => ++decisions == 1 ? SignalDecision.Accept("no conflict") : SignalDecision.Reject("second") };
        await using var server = await ApiServer.StartAsync(intake: intake);

        var first = await server.PostAsync("/api/signals", Buy);
        var again = await server.PostAsync("/api/signals", Buy.Replace("\"0.7\"", "\"0.2\"", StringComparison.Ordinal));

        Assert.Equal((200, 200), (first.Status, again.Status));
        Assert.Equal(("accepted", "no conflict", "tly-s1", true), (again.Text("decision"), again.Text("reason"), again.Text("client_order_id"), again.Json.GetProperty("repeated").GetBoolean()));
    }

    [Theory]
    [InlineData("""{"signal_id":"x","strategy_id":"A","symbol":"BTCUSDT","action":"hold","confidence":"0.5","quantity":"1"}""", "action", "hold", "is not buy, sell or close")]
    [InlineData("""{"signal_id":"x","strategy_id":"A","symbol":"BTCUSDT","action":"buy","confidence":"1.5","quantity":"1"}""", "confidence", "1.5", "is not a number from 0 to 1")]
    [InlineData("""{"signal_id":"x","strategy_id":"A","symbol":"BTCUSDT","action":"buy","confidence":-0.1,"quantity":"1"}""", "confidence", "-0.1", "is not a number from 0 to 1")]
    [InlineData("""{"signal_id":"x","strategy_id":"A","symbol":"BTCUSDT","action":"buy","confidence":"0.5","quantity":"1","size_fraction":"0.1"}""", "size_fraction", "0.1", "goes with quantity")]
    [InlineData("""{"signal_id":"x","strategy_id":"A","symbol":"BTCUSDT","action":"buy","confidence":"0.5"}""", "quantity", null, "missing")]
    [InlineData("""{"signal_id":"x","strategy_id":"A","symbol":"BTCUSDT","action":"sell","confidence":"0.5","quantity":"-2"}""", "quantity", "-2", "is not a positive number")]
    [InlineData("""{"signal_id":"x","strategy_id":"A","symbol":"BTCUSDT","action":"buy","confidence":"0.5","quantity":"abc"}""", "quantity", "abc", "is not a number")]
    [InlineData("""{"strategy_id":"A","symbol":"BTCUSDT","action":"buy","confidence":"0.5","quantity":"1"}""", "signal_id", null, "missing")]
    [InlineData("""{"signal_id":"x","symbol":"BTCUSDT","action":"buy","confidence":"0.5","quantity":"1"}""", "strategy_id", null, "missing")]
    [InlineData("""{"signal_id":"x","strategy_id":"A","symbol":"BTC/USDT","action":"buy","confidence":"0.5","quantity":"1"}""", "symbol", "BTC/USDT", "is not a symbol")]
    [InlineData("""{"signal_id":"x","strategy_id":"A","symbol":"BTCUSDT","action":"buy","quantity":"1"}""", "confidence", null, "missing")]
    [InlineData("""{"signal_id":"x","strategy_id":"A","symbol":"BTCUSDT","action":"buy","confidence":"0.5","quantity":"1","qty":"2"}""", "qty", null, "is not a signal field")]
    [InlineData("""{"signal_id":"x","strategy_id":"A","symbol":"BTCUSDT","action":"buy","confidence":"0.5","quantity":"1","take_profit":"50000","take_profit_pct":"0.05"}""", "take_profit_pct", "0.05", "goes with take_profit")]
    [InlineData("""{"signal_id":"x","strategy_id":"A","symbol":"BTCUSDT","action":"buy","confidence":"0.5","quantity":"1","timestamp":"yesterday"}""", "timestamp", "yesterday", "is not an ISO-8601 time")]
    [InlineData("""{"signal_id":"x","strategy_id":"A","symbol":"BTCUSDT","action":"close","confidence":"1","quantity":"1"}""", "quantity", "1", "does not go with a close")]
    [InlineData("""{"signal_id":"x","strategy_id":"A","symbol":"BTCUSDT","action":"buy","confidence":true,"quantity":"1"}""", "confidence", "true", "is not a number")]
    [InlineData("""["not","an","object"]""", "body", null, "must be a JSON object")]
    [InlineData("""{"signal_id": """, "body", null, "is not JSON")]
    public async Task Bad_input_is_400_problem_json_naming_the_field_and_the_value(string body, string field, string? value, string problem)
    {
        var intake = new FakeIntake();
        await using var server = await ApiServer.StartAsync(intake: intake);

        var answer = await server.PostAsync("/api/signals", body);

        Assert.Equal(400, answer.Status);
        Assert.Equal("application/problem+json", answer.ContentType);
        Assert.Equal(field, answer.Text("field"));
        Assert.Equal(value, answer.Text("value"));
        Assert.StartsWith(value is null ? $"{field}: " : $"{field}: \"{value}\" ", answer.Text("detail"), StringComparison.Ordinal);
        Assert.Contains(problem, answer.Text("detail"), StringComparison.Ordinal);
        Assert.Empty(intake.Received);
    }

    [Fact]
    public async Task A_close_needs_no_quantity()
    {
        var intake = new FakeIntake();
        await using var server = await ApiServer.StartAsync(intake: intake);

        var answer = await server.PostAsync("/api/signals", """{"signal_id":"c1","strategy_id":"A","symbol":"BTCUSDT","action":"close","confidence":1}""");

        Assert.Equal(200, answer.Status);
        Assert.Equal(SignalAction.Close, Assert.Single(intake.Received).Action);
    }

    [Fact]
    public async Task A_signal_for_an_account_the_service_does_not_run_is_400_naming_the_account()
    {
        await using var server = await ApiServer.StartAsync(intake: new FakeIntake());

        var answer = await server.PostAsync("/api/signals", Buy.Replace("}", ""","venue":"binance-usdm","account":"nope"}""", StringComparison.Ordinal));

        Assert.Equal(400, answer.Status);
        Assert.Equal(("account", "binance-usdm/nope"), (answer.Text("field"), answer.Text("value")));
    }

    [Fact]
    public async Task A_signal_without_account_goes_to_the_configured_default_account()
    {
        var intake = new FakeIntake { Accounts = ["binance-usdm/main"] };
        await using var server = await ApiServer.StartAsync(new ApiOptions { Token = ApiServer.Token, DefaultVenue = "binance-usdm", DefaultAccount = "main" }, intake);

        var answer = await server.PostAsync("/api/signals", Buy);

        Assert.Equal(200, answer.Status);
        Assert.Equal(("binance-usdm", "main"), (intake.Received.Single().Venue, intake.Received.Single().Account));
    }

    [Fact]
    public async Task Without_a_running_intake_a_signal_is_503()
    {
        await using var server = await ApiServer.StartAsync();

        var answer = await server.PostAsync("/api/signals", Buy);

        Assert.Equal(503, answer.Status);
        Assert.Equal("application/problem+json", answer.ContentType);
    }

    [Fact]
    public async Task Writes_beyond_the_rate_limit_are_429_problem_json()
    {
        var intake = new FakeIntake();
        await using var server = await ApiServer.StartAsync(new ApiOptions { Token = ApiServer.Token, WritesPerWindow = 2, RateWindow = TimeSpan.FromHours(1) }, intake);

        var answers = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            answers.Add((await server.PostAsync("/api/signals", Buy.Replace("\"s1\"", $"\"r{i}\"", StringComparison.Ordinal))).Status);
        }

        var limited = await server.PostAsync("/api/signals", Buy);
        Assert.Equal([200, 200, 429], answers);
        Assert.Equal("application/problem+json", limited.ContentType);
        Assert.Equal(2, intake.Received.Count);

        // Reads are not limited.
        Assert.Equal(200, (await server.GetAsync("/api/signals")).Status);
    }

    [Fact]
    public async Task An_unknown_route_is_404_problem_json()
    {
        await using var server = await ApiServer.StartAsync();

        var answer = await server.GetAsync("/api/nothing-here");

        Assert.Equal(404, answer.Status);
        Assert.Equal("application/problem+json", answer.ContentType);
    }

    [Fact]
    public void Every_signal_field_reads_back_from_the_request_record_tally_signal_sends()
    {
        var request = new Api.Signals.SignalRequest("s", "A", "BTCUSDT", "buy", "0.5", Quantity: "1", TakeProfit: "2", StopLoss: "1", Timeframe: "1h", Timestamp: "2026-01-05T09:00:00Z", Venue: "v", Account: "a");
        using var json = JsonDocument.Parse(JsonSerializer.Serialize(request, ApiJsonContext.Default.SignalRequest));

        Assert.Equal(Api.Signals.SignalBody.Fields, json.RootElement.EnumerateObject().Select(p => p.Name));
        var signal = Api.Signals.SignalBody.Read(json.RootElement, new ApiOptions(), ApiServer.Now, out var problem);
        Assert.Null(problem);
        Assert.Equal(("v", "a", "1h"), (signal!.Venue, signal.Account, signal.Timeframe));
    }
}
