using System.Globalization;
using System.Net;
using System.Text.Json;

namespace Tally.Api.Tests;

/// <summary>The ledger and risk reads: positions at the engine's last price, fills, cycles, risk status and events.</summary>
public sealed class LedgerAndRiskEndpointTests
{
    [Fact]
    public async Task Positions_are_marked_at_the_risk_monitors_last_price_with_unrealized_pnl_and_notional()
    {
        await using var server = await ApiServer.StartAsync();

        var answer = await server.GetAsync("/api/positions");

        Assert.Equal((200, "application/json"), (answer.Status, answer.ContentType));
        var position = Assert.Single(answer.Json.GetProperty("positions").EnumerateArray());
        Assert.Equal(("BTCUSDT", "LONG", "0.002", "47000", "94"), (position.Text("symbol"), position.Text("position_side"), position.Text("qty"), position.Text("mark_price"), position.Text("notional")));
        // Average entry (0.001 × 45,000 + 0.002 × 46,000) / 0.003 ≈ 45,666.67, so (47,000 − 45,666.67) × 0.002 ≈ 2.67; realized (48,000 − 45,666.67) × 0.001 ≈ 2.33.
        Assert.Equal(2.67m, Math.Round(decimal.Parse(position.Text("unrealized_pnl")!, CultureInfo.InvariantCulture), 2));
        Assert.Equal(2.33m, Math.Round(decimal.Parse(position.Text("realized_pnl")!, CultureInfo.InvariantCulture), 2));
    }

    [Fact]
    public async Task Positions_without_a_known_price_have_no_mark_and_filter_by_open_venue_and_symbol()
    {
        await using var server = await ApiServer.StartAsync(queries: new WorkedExampleQueries { Status = null });

        var all = (await server.GetAsync("/api/positions?open=true&symbol=btcusdt&venue=default")).Json.GetProperty("positions");
        var none = (await server.GetAsync("/api/positions?symbol=ETHUSDT")).Json.GetProperty("positions");
        var bad = await server.GetAsync("/api/positions?open=maybe");

        var position = Assert.Single(all.EnumerateArray());
        Assert.Equal((JsonValueKind.Null, JsonValueKind.Null, JsonValueKind.Null), (position.GetProperty("mark_price").ValueKind, position.GetProperty("unrealized_pnl").ValueKind, position.GetProperty("notional").ValueKind));
        Assert.Empty(none.EnumerateArray());
        Assert.Equal((400, "application/problem+json", "open", "maybe"), (bad.Status, bad.ContentType, bad.Text("field"), bad.Text("value")));
    }

    [Fact]
    public async Task Risk_status_shows_health_with_its_four_parts_the_breaker_the_gate_and_every_open_positions_stop()
    {
        await using var server = await ApiServer.StartAsync();

        var answer = await server.GetAsync("/api/risk");

        Assert.Equal(200, answer.Status);
        var root = answer.Json;
        Assert.Equal(["at", "gate", "evaluation", "breaker", "positions"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("Open", root.Text("gate"));
        var e = root.GetProperty("evaluation");
        Assert.Equal(("81.5", "30", "20", "16.5", "15", "-0.0005"), (e.Text("health"), e.Text("health_pnl"), e.Text("health_quality"), e.Text("health_concentration"), e.Text("health_time"), e.Text("drawdown")));
        var b = root.GetProperty("breaker");
        Assert.Equal(("2026-01-05", "none", false), (b.Text("day"), b.Text("fired_today"), b.GetProperty("halted").GetBoolean()));
        var p = Assert.Single(root.GetProperty("positions").EnumerateArray());
        Assert.Equal(("b-1", "45784", "47000", "49000", "44000"), (p.Text("strategy_position_id"), p.Text("stop"), p.Text("last_price"), p.Text("take_profit"), p.Text("stop_loss")));
    }

    [Fact]
    public async Task Risk_status_is_the_same_json_the_shared_writer_prints_for_tally_risk_status()
    {
        var queries = new WorkedExampleQueries();
        await using var server = await ApiServer.StartAsync(queries: queries);

        var answer = await server.GetAsync("/api/risk");

        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            Json.RiskJson.WriteStatus(json, queries.Status!);
            json.WriteEndObject();
        }

        Assert.Equal(System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan), answer.Body);
    }

    [Fact]
    public async Task Risk_status_before_the_monitor_ever_ran_is_404_problem()
    {
        await using var server = await ApiServer.StartAsync(queries: new WorkedExampleQueries { Status = null });

        var answer = await server.GetAsync("/api/risk");

        Assert.Equal((404, "application/problem+json"), (answer.Status, answer.ContentType));
        Assert.Contains("no risk state stored yet", answer.Text("detail"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", new long[] { 1, 2, 3, 4 })]
    [InlineData("?after=1", new long[] { 2, 3, 4 })]
    [InlineData("?after=1&limit=2", new long[] { 3, 4 })]
    [InlineData("?after=4", new long[0])]
    public async Task Events_after_an_id_are_the_newest_n_oldest_first(string query, long[] expected)
    {
        await using var server = await ApiServer.StartAsync();

        var answer = await server.GetAsync("/api/events" + query);

        var events = answer.Json.GetProperty("events").EnumerateArray().ToList();
        Assert.Equal(expected, events.Select(e => e.GetProperty("id").GetInt64()));
        if (events.Count == 4)
        {
            Assert.Equal(["id", "ts", "type", "venue", "account", "strategy_position_id", "key", "price", "reason", "detail"], events[0].EnumerateObject().Select(p => p.Name));
            Assert.Equal(("PositionClosed", "take_profit", "48000"), (events[2].Text("type"), events[2].Text("reason"), events[2].Text("price")));
        }
    }

    [Theory]
    [InlineData("/api/events?after=-1", "after", "-1")]
    [InlineData("/api/events?limit=0", "limit", "0")]
    [InlineData("/api/fills?limit=1001", "limit", "1001")]
    [InlineData("/api/fills?limit=ten", "limit", "ten")]
    [InlineData("/api/cycles?limit=-5", "limit", "-5")]
    public async Task A_bad_query_value_is_400_problem_naming_the_parameter_and_value(string path, string field, string value)
    {
        await using var server = await ApiServer.StartAsync();

        var answer = await server.GetAsync(path);

        Assert.Equal((400, "application/problem+json"), (answer.Status, answer.ContentType));
        Assert.Equal((field, value), (answer.Text("field"), answer.Text("value")));
    }

    [Fact]
    public async Task Fills_are_the_newest_first_with_the_trades_fields_and_filter_by_symbol_and_limit()
    {
        await using var server = await ApiServer.StartAsync();

        var all = (await server.GetAsync("/api/fills")).Json.GetProperty("fills").EnumerateArray().ToList();
        var two = (await server.GetAsync("/api/fills?symbol=btcusdt&limit=2")).Json.GetProperty("fills").EnumerateArray().ToList();
        var none = (await server.GetAsync("/api/fills?symbol=ETHUSDT")).Json.GetProperty("fills");

        Assert.Equal(["3", "2", "1"], all.Select(f => f.Text("trade_id")));
        Assert.Equal(
            ["seq", "venue", "account", "symbol", "trade_id", "order_id", "client_order_id", "side", "position_side", "qty", "price", "fee", "fee_asset", "ts", "strategy", "action", "realized_pnl", "p1_delta", "p2_delta", "ingested_at"],
            all[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(("SELL", "0.001", "48000", "long_reduced"), (all[0].Text("side"), all[0].Text("qty"), all[0].Text("price"), all[0].Text("action")));
        Assert.Equal(["3", "2"], two.Select(f => f.Text("trade_id")));
        Assert.Empty(none.EnumerateArray());
    }

    [Fact]
    public async Task Cycles_answer_an_array()
    {
        await using var server = await ApiServer.StartAsync();

        var answer = await server.GetAsync("/api/cycles?symbol=BTCUSDT&limit=5");

        Assert.Equal(200, answer.Status);
        Assert.Empty(answer.Json.GetProperty("cycles").EnumerateArray());
    }

    [Theory]
    [InlineData("/api/positions")]
    [InlineData("/api/risk")]
    [InlineData("/api/events")]
    [InlineData("/api/fills")]
    [InlineData("/api/cycles")]
    public async Task These_reads_need_no_token_on_loopback_but_do_beyond_it(string path)
    {
        await using var loopback = await ApiServer.StartAsync(new ApiOptions { Token = ApiServer.Token });
        await using var network = await ApiServer.StartAsync(new ApiOptions { Token = ApiServer.Token, ListenAddress = IPAddress.Any });

        Assert.Equal(200, (await loopback.GetAsync(path)).Status);
        var refused = await network.GetAsync(path);
        Assert.Equal((401, "application/problem+json"), (refused.Status, refused.ContentType));
        Assert.Equal(401, (await network.GetAsync(path, token: "wrong")).Status);
        Assert.Equal(200, (await network.GetAsync(path, token: ApiServer.Token)).Status);
    }
}
