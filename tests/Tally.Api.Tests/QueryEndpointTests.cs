using System.Net;
using System.Text.Json;

namespace Tally.Api.Tests;

/// <summary>The read endpoints: DESIGN.md §3's column names, decimals as strings, the filters, and who may read.</summary>
public sealed class QueryEndpointTests
{
    [Fact]
    public async Task Strategy_positions_carry_the_strategy_positions_columns_with_decimals_as_strings()
    {
        await using var server = await ApiServer.StartAsync();

        var answer = await server.GetAsync("/api/strategy-positions");

        Assert.Equal(200, answer.Status);
        Assert.Equal("application/json", answer.ContentType);
        var positions = answer.Json.GetProperty("strategy_positions").EnumerateArray().ToList();
        Assert.Equal(2, positions.Count);
        var a = positions[0];
        Assert.Equal(
            [
                "strategy_position_id", "strategy_id", "venue", "account", "symbol", "position_side", "side", "entry_quantity", "entry_price",
                "entry_time", "take_profit_price", "stop_loss_price", "status", "open_quantity", "exit_price", "exit_time", "close_reason",
                "realized_pnl", "fees", "net_pnl", "realized_pnl_pct", "funding", "unrealized_pnl", "exchange_position_key",
            ],
            a.EnumerateObject().Select(p => p.Name));
        Assert.Equal(("a-1", "A", "LONG", "closed", "take_profit"), (a.GetProperty("strategy_position_id").GetString(), a.GetProperty("strategy_id").GetString(), a.GetProperty("side").GetString(), a.GetProperty("status").GetString(), a.GetProperty("close_reason").GetString()));
        Assert.Equal(("0.001", "45000", "48000", "3", "BTCUSDT_LONG"), (a.GetProperty("entry_quantity").GetString(), a.GetProperty("entry_price").GetString(), a.GetProperty("exit_price").GetString(), a.GetProperty("realized_pnl").GetString(), a.GetProperty("exchange_position_key").GetString()));
        Assert.Equal(JsonValueKind.Null, a.GetProperty("unrealized_pnl").ValueKind);
    }

    [Theory]
    [InlineData("?status=open", new[] { "b-1" })]
    [InlineData("?status=closed", new[] { "a-1" })]
    [InlineData("?status=all", new[] { "a-1", "b-1" })]
    [InlineData("?strategy_id=B", new[] { "b-1" })]
    [InlineData("?status=closed&strategy_id=B", new string[0])]
    public async Task Strategy_positions_filter_by_status_and_strategy(string query, string[] expected)
    {
        await using var server = await ApiServer.StartAsync();

        var answer = await server.GetAsync("/api/strategy-positions" + query);

        Assert.Equal(expected, answer.Json.GetProperty("strategy_positions").EnumerateArray().Select(p => p.GetProperty("strategy_position_id").GetString()));
    }

    [Fact]
    public async Task An_unknown_status_is_400_naming_the_parameter()
    {
        await using var server = await ApiServer.StartAsync();

        var answer = await server.GetAsync("/api/strategy-positions?status=opened");

        Assert.Equal(400, answer.Status);
        Assert.Equal("application/problem+json", answer.ContentType);
        Assert.Equal(("status", "opened"), (answer.Text("field"), answer.Text("value")));
    }

    [Fact]
    public async Task Contributions_carry_the_position_contributions_columns_and_filter_by_key()
    {
        await using var server = await ApiServer.StartAsync();

        var all = await server.GetAsync("/api/contributions");
        var none = await server.GetAsync("/api/contributions?exchange_position_key=BTCUSDT_SHORT");

        var contributions = all.Json.GetProperty("contributions").EnumerateArray().ToList();
        Assert.Equal(
            [
                "contribution_id", "strategy_position_id", "exchange_position_key", "strategy_id", "venue", "account", "symbol", "position_side",
                "contribution_quantity", "contribution_entry_price", "contribution_time", "position_sequence", "contribution_pnl",
                "contribution_pnl_pct", "close_reason", "status",
            ],
            contributions[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal([("A", 1, "closed", "3"), ("B", 2, "active", "0")], contributions.Select(c => (c.GetProperty("strategy_id").GetString(), c.GetProperty("position_sequence").GetInt32(), c.GetProperty("status").GetString(), c.GetProperty("contribution_pnl").GetString())));
        Assert.Empty(none.Json.GetProperty("contributions").EnumerateArray());
    }

    [Fact]
    public async Task Exchange_positions_list_who_built_them()
    {
        await using var server = await ApiServer.StartAsync();

        var answer = await server.GetAsync("/api/exchange-positions");

        var position = Assert.Single(answer.Json.GetProperty("exchange_positions").EnumerateArray());
        Assert.Equal(["venue", "account", "exchange_position_key", "symbol", "side", "current_quantity", "weighted_avg_price", "contributing_strategies", "total_contributions", "status"], position.EnumerateObject().Select(p => p.Name));
        Assert.Equal(("BTCUSDT_LONG", "0.002", "open", 2), (position.GetProperty("exchange_position_key").GetString(), position.GetProperty("current_quantity").GetString(), position.GetProperty("status").GetString(), position.GetProperty("total_contributions").GetInt32()));
        Assert.Equal(["A", "B"], position.GetProperty("contributing_strategies").EnumerateArray().Select(s => s.GetString()));
    }

    [Fact]
    public async Task Strategies_carry_the_replay_summary_fields()
    {
        await using var server = await ApiServer.StartAsync();

        var answer = await server.GetAsync("/api/strategies");

        var strategies = answer.Json.GetProperty("strategies").EnumerateArray().ToList();
        Assert.Equal(["strategy_id", "positions", "closed", "tp_hits", "sl_hits", "wins", "win_rate", "realized_pnl", "fees", "net_pnl", "avg_pnl_pct", "profit_factor", "expectancy", "max_drawdown", "sharpe", "sortino", "calmar"], strategies[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(("A", 1, "1", "3"), (strategies[0].GetProperty("strategy_id").GetString(), strategies[0].GetProperty("tp_hits").GetInt32(), strategies[0].GetProperty("win_rate").GetString(), strategies[0].GetProperty("net_pnl").GetString()));
    }

    [Fact]
    public async Task Signals_list_each_with_its_decision_and_filter_by_symbol_and_time()
    {
        await using var server = await ApiServer.StartAsync();

        var all = await server.GetAsync("/api/signals");
        var later = await server.GetAsync("/api/signals?since=2026-01-05T09:00:30Z");
        var bad = await server.GetAsync("/api/signals?since=soon");

        var signals = all.Json.GetProperty("signals").EnumerateArray().ToList();
        Assert.Equal(
            [
                "signal_id", "strategy_id", "venue", "account", "symbol", "action", "confidence", "quantity", "size_fraction", "price", "take_profit",
                "stop_loss", "take_profit_pct", "stop_loss_pct", "timeframe", "timestamp", "decision", "reason", "conflicts_with", "entry_client_order_id", "received_at",
            ],
            signals[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(("s-a", "buy", "0.7", "48000", "accepted", "a-1"), (signals[0].GetProperty("signal_id").GetString(), signals[0].GetProperty("action").GetString(), signals[0].GetProperty("confidence").GetString(), signals[0].GetProperty("take_profit").GetString(), signals[0].GetProperty("decision").GetString(), signals[0].GetProperty("entry_client_order_id").GetString()));
        Assert.Equal(("rejected", "nothing to close"), (signals[1].GetProperty("decision").GetString(), signals[1].GetProperty("reason").GetString()));
        Assert.Equal(["s-c"], later.Json.GetProperty("signals").EnumerateArray().Select(s => s.GetProperty("signal_id").GetString()));
        Assert.Equal((400, "since"), (bad.Status, bad.Text("field")));
    }

    [Theory]
    [InlineData("/api/strategies")]
    [InlineData("/api/strategy-positions")]
    [InlineData("/api/contributions")]
    [InlineData("/api/exchange-positions")]
    [InlineData("/api/signals")]
    public async Task Reads_need_no_token_on_loopback_but_do_beyond_it(string path)
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
