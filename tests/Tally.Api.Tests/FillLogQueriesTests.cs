using Tally.Api.Queries;
using Tally.Core;
using Tally.Core.Attribution;
using Tally.Core.Signals;
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
}
