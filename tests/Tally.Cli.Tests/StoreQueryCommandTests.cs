using System.Text.Json;
using Tally.Cli.Commands;
using Tally.Core;
using Tally.Core.Attribution;
using Tally.Core.Signals;
using Tally.Storage;

namespace Tally.Cli.Tests;

/// <summary>
/// <c>tally strategies</c>, <c>strategy-positions</c>, <c>contributions</c>, <c>exchange-positions</c> and <c>signals</c>
/// over a store holding DESIGN.md §3's worked example (hedge mode; A's take-profit, B's stop) and one stored signal.
/// </summary>
public sealed class StoreQueryCommandTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _dir = new();
    private readonly string _db;

    public StoreQueryCommandTests()
    {
        _db = "sqlite:" + _dir.PathOf("tally.db");
        SeedAsync().GetAwaiter().GetResult();
    }

    public void Dispose() => _dir.Dispose();

    private async Task SeedAsync()
    {
        await using var log = await FillLog.OpenAsync(await StoreLocator.OpenAsync(_db, CancellationToken.None), TimeProvider.System, CancellationToken.None);
        var signal = new Signal("sig-a", "A", "BTCUSDT", SignalAction.Buy, 0.7m, T0, Quantity: 0.001m, TakeProfit: 48_000m, StopLoss: 43_000m);
        await log.RecordSignalAsync(
            new StoredSignal(signal, SignalDecision.Accept("no active signal in conflict"), T0, "a-entry"),
            [Intent("a-entry", "A", new OrderPurpose.Entry("A", "a-entry", 48_000m, 43_000m), Side.Buy, "sig-a")],
            CancellationToken.None);
        await log.SaveIntentAsync(Intent("b-entry", "B", new OrderPurpose.Entry("B", "b-entry", 49_000m, 44_000m), Side.Buy), CancellationToken.None);
        await log.SaveIntentAsync(Intent("a-tp", "A", new OrderPurpose.ExitPosition("a-entry", CloseReason.TakeProfit), Side.Sell), CancellationToken.None);
        await log.SaveIntentAsync(Intent("b-sl", "B", new OrderPurpose.ExitPosition("b-entry", CloseReason.StopLoss), Side.Sell), CancellationToken.None);
        await log.IngestAsync(
            [
                Fill(Side.Buy, "t1", 0.001m, 45_000m, 1, "a-entry"),
                Fill(Side.Buy, "t2", 0.002m, 46_000m, 2, "b-entry"),
                Fill(Side.Sell, "t3", 0.001m, 48_000m, 3, "a-tp"),
                Fill(Side.Sell, "t4", 0.002m, 44_000m, 4, "b-sl"),
            ],
            CancellationToken.None);
    }

    private static OrderIntent Intent(string id, string strategy, OrderPurpose purpose, Side side, string? signalId = null) =>
        new(Tally.Core.Fill.DefaultVenue, Tally.Core.Fill.DefaultAccount, id, "BTCUSDT", strategy, purpose, OrderIntentKind.Market, side, PositionSide.Long, 0.001m, null, false, signalId, T0);

    private static IncomingFill Fill(Side side, string tradeId, decimal quantity, decimal price, int minute, string clientOrderId) =>
        new(new Fill(Tally.Core.Fill.DefaultVenue, Tally.Core.Fill.DefaultAccount, "BTCUSDT", side, PositionSide.Long, quantity, price, 0m, null, tradeId, T0.AddMinutes(minute), OrderId: "o-" + tradeId, ClientOrderId: clientOrderId));

    private JsonElement Json(string name, params string[] args)
    {
        var run = TallyRun.Of([.. args, "--db", _db, "--json"]);
        Assert.True(run.ExitCode == ExitCodes.Ok, $"tally exited {run.ExitCode}: {run.Stderr}");
        return JsonDocument.Parse(run.Stdout).RootElement.GetProperty(name).Clone();
    }

    [Fact]
    public void Strategies_json_counts_take_profit_and_stop_hits_and_sums_pnl_as_exact_strings()
    {
        var strategies = Json("strategies", "strategies").EnumerateArray().ToDictionary(s => s.Text("strategy_id")!);

        Assert.Equal((1, 0, "3"), (strategies["A"].GetProperty("tp_hits").GetInt32(), strategies["A"].GetProperty("sl_hits").GetInt32(), strategies["A"].Text("realized_pnl")));
        Assert.Equal((0, 1, "-4"), (strategies["B"].GetProperty("tp_hits").GetInt32(), strategies["B"].GetProperty("sl_hits").GetInt32(), strategies["B"].Text("realized_pnl")));
    }

    [Fact]
    public void Strategy_positions_filter_by_status_and_strategy_with_the_design_column_names()
    {
        var closedA = Assert.Single(Json("strategy_positions", "strategy-positions", "--closed", "--strategy", "A").EnumerateArray());

        Assert.Equal(
            ("a-entry", "closed", "take_profit", "3", "48000", "43000", "BTCUSDT_LONG"),
            (closedA.Text("strategy_position_id"), closedA.Text("status"), closedA.Text("close_reason"), closedA.Text("realized_pnl"), closedA.Text("take_profit_price"), closedA.Text("stop_loss_price"), closedA.Text("exchange_position_key")));
        Assert.Empty(Json("strategy_positions", "strategy-positions", "--open").EnumerateArray());
        Assert.Equal(2, Json("strategy_positions", "strategy-positions").GetArrayLength());
    }

    [Fact]
    public void Open_and_closed_together_are_refused_with_exit_2()
    {
        var run = TallyRun.Of("strategy-positions", "--open", "--closed", "--db", _db);

        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Contains("--open and --closed", Assert.Single(run.StderrLines), StringComparison.Ordinal);
    }

    [Fact]
    public void Contributions_of_a_key_list_both_strategies_in_sequence_with_the_cycle_adding_to_minus_one()
    {
        var contributions = Json("contributions", "contributions", "BTCUSDT_LONG").EnumerateArray().ToList();

        Assert.Equal(["A", "B"], contributions.Select(c => c.Text("strategy_id")));
        Assert.Equal([1, 2], contributions.Select(c => c.GetProperty("position_sequence").GetInt32()));
        Assert.Equal(-1m, contributions.Sum(c => decimal.Parse(c.Text("contribution_pnl")!, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Empty(Json("contributions", "contributions", "ETHUSDT_SHORT").EnumerateArray());
    }

    [Fact]
    public void Exchange_positions_show_the_closed_long_built_by_A_and_B()
    {
        var position = Assert.Single(Json("exchange_positions", "exchange-positions").EnumerateArray());

        Assert.Equal(("BTCUSDT_LONG", "closed", "0", 2), (position.Text("exchange_position_key"), position.Text("status"), position.Text("current_quantity"), position.GetProperty("total_contributions").GetInt32()));
        Assert.Equal(["A", "B"], position.GetProperty("contributing_strategies").EnumerateArray().Select(s => s.GetString()));
    }

    [Fact]
    public void Signals_list_the_stored_signal_with_its_decision_reason_and_entry_order()
    {
        var signal = Assert.Single(Json("signals", "signals").EnumerateArray());

        Assert.Equal(
            ("sig-a", "A", "buy", "0.7", "accepted", "no active signal in conflict", "a-entry"),
            (signal.Text("signal_id"), signal.Text("strategy_id"), signal.Text("action"), signal.Text("confidence"), signal.Text("decision"), signal.Text("reason"), signal.Text("entry_client_order_id")));
        Assert.Empty(Json("signals", "signals", "--since", "2026-03-02T00:00:00Z").EnumerateArray());
    }

    [Theory]
    [InlineData("strategies", "Strategies")]
    [InlineData("strategy-positions", "a-entry")]
    [InlineData("contributions", "BTCUSDT_LONG")]
    [InlineData("exchange-positions", "BTCUSDT_LONG")]
    [InlineData("signals", "sig-a")]
    public void Without_json_each_command_prints_a_table(string command, string expected)
    {
        var run = TallyRun.Of(command, "--db", _db);

        Assert.True(run.ExitCode == ExitCodes.Ok, run.Stderr);
        Assert.Contains(expected, run.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("strategies", "--json")]
    [InlineData("strategy-positions", "--closed")]
    [InlineData("contributions", "KEY")]
    [InlineData("exchange-positions", "--json")]
    [InlineData("signals", "replay")]
    public void Help_on_each_command_exits_0_and_describes_it(string command, string expected)
    {
        var run = TallyRun.Of(command, "--help");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Contains(expected, run.Stdout, StringComparison.Ordinal);
    }
}
