using Tally.Core;
using Tally.Core.Attribution;
using Tally.Core.Risk;
using Tally.Core.Signals;
using Tally.Engine.Risk;
using Tally.Storage;

namespace Tally.Api.Tests;

/// <summary>A scratch SQLite fill log, and the rows the operator-action and live-stream tests need in it.</summary>
internal sealed class StoreFixture : IAsyncDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"tally-api-{Guid.NewGuid():N}.db");

    private StoreFixture(FillLog log) => Log = log;

    public FillLog Log { get; private set; } = null!;

    public static async Task<StoreFixture> OpenAsync()
    {
        var fixture = new StoreFixture(null!);
        fixture.Log = await FillLog.OpenAsync(await FillStores.OpenAsync($"sqlite:{fixture._path}", CancellationToken.None), TimeProvider.System, CancellationToken.None);
        return fixture;
    }

    /// <summary>Strategy <paramref name="strategy"/>'s signal, its entry intent and the entry's fill: an open strategy position with id <paramref name="clientOrderId"/>.</summary>
    public async Task<IngestReport> OpenAsync(string strategy, string clientOrderId, string tradeId, decimal quantity, decimal price)
    {
        var signal = new Signal($"s-{clientOrderId}", strategy, "BTCUSDT", SignalAction.Buy, 0.7m, ApiServer.Now, Quantity: quantity, TakeProfit: price * 1.1m, StopLoss: price * 0.9m);
        var intent = new OrderIntent(Fill.DefaultVenue, Fill.DefaultAccount, clientOrderId, "BTCUSDT", strategy, new OrderPurpose.Entry(strategy, clientOrderId, price * 1.1m, price * 0.9m),
            OrderIntentKind.Market, Side.Buy, PositionSide.Long, quantity, null, ReduceOnly: false, signal.SignalId, ApiServer.Now);
        await Log.RecordSignalAsync(new StoredSignal(signal, SignalDecision.Accept("no conflict"), ApiServer.Now, clientOrderId), [intent], CancellationToken.None);
        return await FillAsync(clientOrderId, tradeId, quantity, price);
    }

    public Task<IngestReport> FillAsync(string clientOrderId, string tradeId, decimal quantity, decimal price) =>
        Log.IngestAsync(
            [new IncomingFill(new Fill(Fill.DefaultVenue, Fill.DefaultAccount, "BTCUSDT", Side.Buy, PositionSide.Long, quantity, price, 0.01m, "USDT", tradeId, ApiServer.Now, OrderId: tradeId, ClientOrderId: clientOrderId))],
            CancellationToken.None);

    /// <summary>Stores the monitor's state and status, halted or not.</summary>
    public async Task StoreRiskStateAsync(bool halted, IReadOnlyList<StoredRiskEvent>? events = null)
    {
        var state = RiskMonitorState.Start(ApiServer.Now, 10_000m);
        if (halted)
        {
            state = state with { Breaker = state.Breaker with { Halted = true, HaltedAt = ApiServer.Now } };
        }

        var status = new RiskStatus(ApiServer.Now, halted ? "StopAllTrading" : "Open", null,
            new RiskStatusBreaker(new DateOnly(2026, 1, 5), 10_000m, 10_000m, halted ? "halt" : "none", halted, halted ? ApiServer.Now : null, false, false), []);
        await Log.JournalRiskAsync(events ?? [], new StoredRiskState(RiskMonitorOptions.StateName, RiskStateJson.Write(state), RiskStateJson.Write(status), ApiServer.Now), CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await Log.DisposeAsync();
        foreach (var file in Directory.GetFiles(Path.GetDirectoryName(_path)!, Path.GetFileName(_path) + "*"))
        {
            File.Delete(file);
        }
    }
}
