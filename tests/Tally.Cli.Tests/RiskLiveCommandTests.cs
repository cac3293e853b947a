using System.Text.Json;
using Tally.Cli.Commands;
using Tally.Core;
using Tally.Core.Attribution;
using Tally.Core.Risk;
using Tally.Engine.Risk;
using Tally.Storage;

namespace Tally.Cli.Tests;

/// <summary><c>tally risk status</c>, <c>tally risk reset</c> and <c>tally close</c> over a store the monitor wrote to.</summary>
public sealed class RiskLiveCommandTests : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private readonly TempDirectory _dir = new();
    private readonly string _db;

    public RiskLiveCommandTests() => _db = "sqlite:" + _dir.PathOf("tally.db");

    public void Dispose() => _dir.Dispose();

    private async Task<FillLog> OpenAsync() => await FillLog.OpenAsync(await StoreLocator.OpenAsync(_db, CancellationToken.None), TimeProvider.System, CancellationToken.None);

    private async Task SeedHaltedAsync()
    {
        await using var log = await OpenAsync();
        var monitor = new RiskMonitor(new RiskSettings(), RiskMonitorState.Start(T0, 10_000m), 10_000m);
        var state = monitor.State with { Breaker = monitor.State.Breaker with { FiredToday = BreakerLevel.Halt, Halted = true, HaltedAt = T0 } };
        var status = RiskStateJson.Status(monitor, T0) with { Gate = "StopAllTrading" };
        status = status with { Breaker = status.Breaker with { Halted = true, HaltedAt = T0, FiredToday = "halt" } };
        await log.JournalRiskAsync([], new StoredRiskState(RiskMonitorOptions.StateName, RiskStateJson.Write(state), RiskStateJson.Write(status), T0), CancellationToken.None);
    }

    [Fact]
    public void Status_before_any_monitor_ran_is_one_line_and_bad_input()
    {
        var run = TallyRun.Of(["risk", "status", "--db", _db]);
        Assert.Equal(ExitCodes.BadInput, run.ExitCode);
        Assert.Single(run.Stderr.Trim().Split('\n'));
    }

    [Fact]
    public async Task Status_shows_the_halt_and_reset_clears_it_audited_with_a_request_for_the_running_engine()
    {
        await SeedHaltedAsync();
        var json = TallyRun.Of(["risk", "status", "--db", _db, "--json"]);
        Assert.True(json.ExitCode == ExitCodes.Ok, json.Stderr);
        var root = JsonDocument.Parse(json.Stdout).RootElement;
        Assert.Equal("StopAllTrading", root.GetProperty("gate").GetString());
        Assert.True(root.GetProperty("breaker").GetProperty("halted").GetBoolean());
        Assert.Equal(JsonValueKind.String, root.GetProperty("breaker").GetProperty("day_start_equity").ValueKind); // RiskJson, as GET /api/risk: decimals as strings
        Assert.Contains("Halted since", TallyRun.Of(["risk", "status", "--db", _db]).Stdout, StringComparison.Ordinal);

        var reset = TallyRun.Of(["risk", "reset", "--db", _db]);
        Assert.True(reset.ExitCode == ExitCodes.Ok, reset.Stderr);
        await using var log = await OpenAsync();
        Assert.False(RiskStateJson.Read((await log.ReadRiskStateAsync(RiskMonitorOptions.StateName, CancellationToken.None))!.State).Breaker.Halted);
        Assert.Contains(await log.ReadRiskRequestsAsync(pendingOnly: true, CancellationToken.None), r => r.Kind == RiskRequestKinds.Reset);
        Assert.Contains("Not halted", TallyRun.Of(["risk", "reset", "--db", _db]).Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Close_of_an_open_position_leaves_a_request_and_an_unknown_one_is_refused()
    {
        await using (var log = await OpenAsync())
        {
            await log.SaveIntentAsync(new OrderIntent(Fill.DefaultVenue, Fill.DefaultAccount, "a-entry", "BTCUSDT", "A", new OrderPurpose.Entry("A", "a-entry", null, null), OrderIntentKind.Market, Side.Buy, PositionSide.Long, 0.001m, null, false, null, T0), CancellationToken.None);
            await log.IngestAsync([new IncomingFill(new Fill(Fill.DefaultVenue, Fill.DefaultAccount, "BTCUSDT", Side.Buy, PositionSide.Long, 0.001m, 45_000m, 0m, null, "t1", T0, OrderId: "o1", ClientOrderId: "a-entry"))], CancellationToken.None);
        }

        var close = TallyRun.Of(["close", "BTCUSDT_LONG", "--db", _db]);
        Assert.True(close.ExitCode == ExitCodes.Ok, close.Stderr);
        Assert.Contains("a-entry", close.Stdout, StringComparison.Ordinal);
        var unknown = TallyRun.Of(["close", "nope", "--db", _db]);
        Assert.Equal(ExitCodes.BadInput, unknown.ExitCode);
        await using var again = await OpenAsync();
        Assert.Single(await again.ReadRiskRequestsAsync(pendingOnly: true, CancellationToken.None), r => r.Kind == RiskRequestKinds.Close && r.Target == "BTCUSDT_LONG");
    }
}
