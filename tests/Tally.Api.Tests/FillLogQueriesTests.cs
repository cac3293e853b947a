using Tally.Api.Queries;
using Tally.Core;
using Tally.Core.Attribution;
using Tally.Core.Risk;
using Tally.Core.Signals;
using Tally.Engine.Risk;
using Tally.Storage;

namespace Tally.Api.Tests;

/// <summary>The query endpoints over a real SQLite fill log: a stored signal and its intent, then its entry's fill.</summary>
public sealed class FillLogQueriesTests : IAsyncLifetime
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"tally-api-{Guid.NewGuid():N}.db");
    private FillLog _log = null!;

    public async Task InitializeAsync() =>
        _log = await FillLog.OpenAsync(await FillStores.OpenAsync($"sqlite:{_path}", CancellationToken.None), TimeProvider.System, CancellationToken.None);

    public async Task DisposeAsync()
    {
        await _log.DisposeAsync();
        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(_path)!, Path.GetFileName(_path) + "*"))
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task A_stored_signal_and_the_strategy_position_its_fill_opened_read_back_through_the_api()
    {
        var signal = new Signal("s-a", "A", "BTCUSDT", SignalAction.Buy, 0.7m, ApiServer.Now, Quantity: 0.001m, TakeProfit: 48_000m, StopLoss: 43_000m);
        var intent = new OrderIntent(Fill.DefaultVenue, Fill.DefaultAccount, "tly-a-1", "BTCUSDT", "A", new OrderPurpose.Entry("A", "tly-a-1", 48_000m, 43_000m),
            OrderIntentKind.Market, Side.Buy, PositionSide.Long, 0.001m, null, ReduceOnly: false, "s-a", ApiServer.Now);
        await _log.RecordSignalAsync(new StoredSignal(signal, SignalDecision.Accept("no conflict"), ApiServer.Now, "tly-a-1"), [intent], CancellationToken.None);
        var fill = new Fill(Fill.DefaultVenue, Fill.DefaultAccount, "BTCUSDT", Side.Buy, PositionSide.Long, 0.001m, 45_000m, 0.018m, "USDT", "t1", ApiServer.Now, OrderId: "1", ClientOrderId: "tly-a-1");
        await _log.IngestAsync([new IncomingFill(fill)], CancellationToken.None);
        await using var server = await ApiServer.StartAsync(queries: new FillLogQueries(_log));

        var signals = (await server.GetAsync("/api/signals")).Json.GetProperty("signals");
        var positions = (await server.GetAsync("/api/strategy-positions?status=open&strategy_id=A")).Json.GetProperty("strategy_positions");
        var closed = (await server.GetAsync("/api/strategy-positions?status=closed")).Json.GetProperty("strategy_positions");
        var exchange = (await server.GetAsync("/api/exchange-positions")).Json.GetProperty("exchange_positions");
        var strategies = (await server.GetAsync("/api/strategies")).Json.GetProperty("strategies");

        Assert.Equal(("s-a", "accepted", "tly-a-1"), (signals[0].GetProperty("signal_id").GetString(), signals[0].GetProperty("decision").GetString(), signals[0].GetProperty("entry_client_order_id").GetString()));
        var position = Assert.Single(positions.EnumerateArray());
        Assert.Equal(("A", "open", "0.001", "45000", "48000", "0.018"), (position.GetProperty("strategy_id").GetString(), position.GetProperty("status").GetString(), position.GetProperty("open_quantity").GetString(), position.GetProperty("entry_price").GetString(), position.GetProperty("take_profit_price").GetString(), position.GetProperty("fees").GetString()));
        Assert.Empty(closed.EnumerateArray());
        Assert.Equal("BTCUSDT_LONG", Assert.Single(exchange.EnumerateArray()).GetProperty("exchange_position_key").GetString());
        Assert.Equal("A", Assert.Single(strategies.EnumerateArray()).GetProperty("strategy_id").GetString());
    }

    [Fact]
    public async Task Ledger_positions_are_marked_at_the_risk_monitors_last_price_and_events_fills_and_status_read_back()
    {
        var fill = new Fill(Fill.DefaultVenue, Fill.DefaultAccount, "BTCUSDT", Side.Buy, PositionSide.Long, 0.002m, 45_000m, 0.036m, "USDT", "t1", ApiServer.Now, OrderId: "1");
        var other = fill with { Symbol = "ETHUSDT", Price = 3_000m, TradeId = "t2" };
        await _log.IngestAsync([new IncomingFill(fill), new IncomingFill(other)], CancellationToken.None);
        var queries = new FillLogQueries(_log);
        Assert.Null(await queries.RiskStatusAsync(CancellationToken.None));
        Assert.All(await queries.PositionsAsync(PositionFilter.All, CancellationToken.None), p => Assert.Null(p.Mark));

        var status = new RiskStatus(
            ApiServer.Now, "Open", null, new RiskStatusBreaker(new DateOnly(2026, 1, 5), 10_000m, 10_000m, "none", false, null, false, false),
            [new RiskStatusPosition("m-1", "manual", Fill.DefaultVenue, Fill.DefaultAccount, "BTCUSDT", "LONG", 0.002m, 45_000m, 46_000m, 46_000m, null, null, null, null)]);
        var state = new StoredRiskState(RiskMonitorOptions.StateName, RiskStateJson.Write(RiskMonitorState.Start(ApiServer.Now, 10_000m)), RiskStateJson.Write(status), ApiServer.Now);
        StoredRiskEvent Event(string type) => new(0, ApiServer.Now, type, null, null, null, null, null, null, type);
        await _log.JournalRiskAsync([Event("PositionOpened"), Event("PositionUpdated"), Event("HealthWarning")], state, CancellationToken.None);

        var positions = await queries.PositionsAsync(PositionFilter.All, CancellationToken.None);
        var btc = Assert.Single(positions, p => p.Position.Key.Symbol == "BTCUSDT");
        Assert.Equal((46_000m, 2m, 92m), (btc.Mark, btc.UnrealizedPnl, btc.Notional));
        Assert.Null(Assert.Single(positions, p => p.Position.Key.Symbol == "ETHUSDT").Mark);
        Assert.Equal(["ETHUSDT"], (await queries.PositionsAsync(new PositionFilter(Symbol: "ETHUSDT"), CancellationToken.None)).Select(p => p.Position.Key.Symbol));
        Assert.Equal("m-1", Assert.Single((await queries.RiskStatusAsync(CancellationToken.None))!.Positions).StrategyPositionId);
        var all = await queries.RiskEventsAsync(0, 100, CancellationToken.None);
        Assert.Equal(["PositionOpened", "PositionUpdated", "HealthWarning"], all.Select(e => e.Type));
        Assert.Equal(["PositionUpdated", "HealthWarning"], (await queries.RiskEventsAsync(all[0].Id, 2, CancellationToken.None)).Select(e => e.Type));
        Assert.Equal(["HealthWarning"], (await queries.RiskEventsAsync(0, 1, CancellationToken.None)).Select(e => e.Type));
        Assert.Equal(["t2", "t1"], (await queries.FillsAsync(null, null, 10, CancellationToken.None)).Select(f => f.Fill.TradeId));
        Assert.Equal(["t1"], (await queries.FillsAsync("BTCUSDT", null, 10, CancellationToken.None)).Select(f => f.Fill.TradeId));
    }
}
