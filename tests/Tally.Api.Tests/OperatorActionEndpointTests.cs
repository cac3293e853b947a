using System.Net;
using Tally.Engine.Risk;

namespace Tally.Api.Tests;

/// <summary>The API's writes on a running engine: force close and halt reset through <see cref="OperatorActions"/>, with the token, rate-limited.</summary>
public sealed class OperatorActionEndpointTests : IAsyncLifetime
{
    private StoreFixture _store = null!;

    public async Task InitializeAsync() => _store = await StoreFixture.OpenAsync();

    public async Task DisposeAsync() => await _store.DisposeAsync();

    [Fact]
    public async Task Closing_a_strategy_position_by_id_is_202_with_its_id_and_leaves_an_audited_request()
    {
        await _store.OpenAsync("A", "tly-a-1", "t1", 0.001m, 45_000m);
        await using var server = await ApiServer.StartAsync(log: _store.Log);

        var answer = await server.PostAsync("/api/positions/tly-a-1/close", "");

        Assert.Equal((202, "application/json"), (answer.Status, answer.ContentType));
        Assert.Equal(("tly-a-1", "tly-a-1", "BTCUSDT_LONG"), (answer.Text("target"), answer.Json.GetProperty("strategy_position_ids")[0].GetString(), answer.Json.GetProperty("exchange_position_keys")[0].GetString()));
        var request = Assert.Single(await _store.Log.ReadRiskRequestsAsync(pendingOnly: true, CancellationToken.None));
        Assert.Equal((RiskRequestKinds.Close, "tly-a-1"), (request.Kind, request.Target));
        var audit = Assert.Single(await _store.Log.ReadAuditAsync(CancellationToken.None), a => a.Kind == "force_close");
        Assert.Equal("api", audit.Reason);
    }

    [Fact]
    public async Task Closing_an_exchange_position_key_names_every_open_strategy_position_in_it()
    {
        await _store.OpenAsync("A", "tly-a-1", "t1", 0.001m, 45_000m);
        await _store.OpenAsync("B", "tly-b-1", "t2", 0.002m, 46_000m);
        await using var server = await ApiServer.StartAsync(log: _store.Log);

        var answer = await server.PostAsync("/api/positions/btcusdt_long/close", "");

        Assert.Equal(202, answer.Status);
        Assert.Equal(["tly-a-1", "tly-b-1"], answer.Json.GetProperty("strategy_position_ids").EnumerateArray().Select(i => i.GetString()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Closing_what_nothing_open_matches_is_404_problem_naming_the_id()
    {
        await using var server = await ApiServer.StartAsync(log: _store.Log);

        var answer = await server.PostAsync("/api/positions/nope/close", "");

        Assert.Equal((404, "application/problem+json"), (answer.Status, answer.ContentType));
        Assert.Equal(("id", "nope"), (answer.Text("field"), answer.Text("value")));
        Assert.Empty(await _store.Log.ReadRiskRequestsAsync(pendingOnly: false, CancellationToken.None));
    }

    [Fact]
    public async Task Reset_clears_a_halt_with_202_then_answers_not_halted_and_without_a_stored_state_409()
    {
        await using var server = await ApiServer.StartAsync(log: _store.Log);
        var nothing = await server.PostAsync("/api/risk/reset", "");
        await _store.StoreRiskStateAsync(halted: true);
        Assert.True((await server.GetAsync("/api/risk")).Json.GetProperty("breaker").GetProperty("halted").GetBoolean());

        var cleared = await server.PostAsync("/api/risk/reset", "");
        var again = await server.PostAsync("/api/risk/reset", "");

        Assert.Equal((409, "application/problem+json"), (nothing.Status, nothing.ContentType));
        Assert.Equal((202, "cleared"), (cleared.Status, cleared.Text("outcome")));
        Assert.Equal((200, "not_halted"), (again.Status, again.Text("outcome")));
        var risk = (await server.GetAsync("/api/risk")).Json;
        Assert.Equal(("Open", false), (risk.Text("gate"), risk.GetProperty("breaker").GetProperty("halted").GetBoolean()));
        Assert.Contains(await _store.Log.ReadRiskRequestsAsync(pendingOnly: true, CancellationToken.None), r => r.Kind == RiskRequestKinds.Reset);
    }

    [Theory]
    [InlineData("/api/positions/tly-a-1/close")]
    [InlineData("/api/risk/reset")]
    public async Task Writes_need_the_token_even_on_loopback(string path)
    {
        await _store.OpenAsync("A", "tly-a-1", "t1", 0.001m, 45_000m);
        await _store.StoreRiskStateAsync(halted: true);
        await using var server = await ApiServer.StartAsync(log: _store.Log);
        await using var network = await ApiServer.StartAsync(new ApiOptions { Token = ApiServer.Token, ListenAddress = IPAddress.Any }, log: _store.Log);
        await using var tokenless = await ApiServer.StartAsync(new ApiOptions(), log: _store.Log);

        Assert.Equal(401, (await server.PostAsync(path, "", token: "")).Status);
        Assert.Equal(401, (await server.PostAsync(path, "", token: "wrong")).Status);
        Assert.Equal(401, (await network.PostAsync(path, "", token: "")).Status);
        Assert.Equal(401, (await tokenless.PostAsync(path, "", token: ApiServer.Token)).Status);
        Assert.Empty(await _store.Log.ReadRiskRequestsAsync(pendingOnly: false, CancellationToken.None));
        Assert.Equal(202, (await network.PostAsync(path, "")).Status);
    }

    [Fact]
    public async Task Writes_beyond_the_rate_limit_are_429()
    {
        await _store.OpenAsync("A", "tly-a-1", "t1", 0.001m, 45_000m);
        await using var server = await ApiServer.StartAsync(new ApiOptions { Token = ApiServer.Token, WritesPerWindow = 1, RateWindow = TimeSpan.FromHours(1) }, log: _store.Log);

        var first = await server.PostAsync("/api/positions/tly-a-1/close", "");
        var second = await server.PostAsync("/api/risk/reset", "");

        Assert.Equal((202, 429), (first.Status, second.Status));
        Assert.Equal("application/problem+json", second.ContentType);
    }

    [Fact]
    public async Task Without_a_store_operator_actions_are_503()
    {
        await using var server = await ApiServer.StartAsync();

        Assert.Equal(503, (await server.PostAsync("/api/positions/a-1/close", "")).Status);
        Assert.Equal(503, (await server.PostAsync("/api/risk/reset", "")).Status);
    }
}
