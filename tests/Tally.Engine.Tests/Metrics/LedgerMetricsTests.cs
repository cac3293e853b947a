using Tally.Core;
using Tally.Core.Attribution;
using Tally.Engine.Metrics;
using Tally.Storage;
using Tally.Storage.Live;

namespace Tally.Engine.Tests.Metrics;

/// <summary><see cref="LedgerMetrics"/> over a real SQLite log: what its committed changes count.</summary>
public sealed class LedgerMetricsTests : IAsyncDisposable
{
    private const string Venue = "binance-futures";
    private const string Account = "main";
    private static readonly DateTimeOffset T0 = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly CancellationToken Ct = CancellationToken.None;
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"tally-metrics-{Guid.NewGuid():N}.db");
    private FillLog? _log;

    public async ValueTask DisposeAsync()
    {
        if (_log is not null)
        {
            await _log.DisposeAsync();
        }

        File.Delete(_path);
    }

    [Fact]
    public async Task The_worked_example_counts_one_long_opened_and_closed_at_a_loss_and_per_strategy_a_take_profit_win_and_a_stop_loss()
    {
        var log = await OpenAsync();
        using var metrics = new LedgerMetrics(log);
        using var measured = new Measurements(metrics.Meter);
        foreach (var intent in WorkedIntents)
        {
            await log.SaveIntentAsync(intent, Ct);
        }

        Apply(metrics, await log.IngestAsync(Offer(Fill(Side.Buy, "x1", 0.001m, 45_000m, 1, "a-entry", PositionSide.Long), Fill(Side.Buy, "x2", 0.002m, 46_000m, 2, "b-entry", PositionSide.Long)), Ct));

        Assert.Equal(2, measured.Sum("tradeengine_fills_ingested_total", $"venue={Venue}", $"account={Account}"));
        Assert.Equal(1, measured.Sum("tradeengine_positions_opened_total", "position_side=long"));
        Assert.Equal(1, measured.Observe("tradeengine_open_positions", "position_side=long"));
        Assert.Equal(0, measured.Observe("tradeengine_open_positions", "position_side=short"));
        Assert.Equal(1, measured.Observe("tradeengine_strategy_open_positions", "strategy_id=A", "position_side=long"));
        Assert.Equal(1, measured.Observe("tradeengine_shared_positions"));

        Apply(metrics, await log.IngestAsync(Offer(Fill(Side.Sell, "x3", 0.001m, 48_000m, 3, "a-tp", PositionSide.Long)), Ct));
        Apply(metrics, await log.IngestAsync(Offer(Fill(Side.Sell, "x4", 0.002m, 44_000m, 4, "b-sl", PositionSide.Long)), Ct));

        Assert.Equal(4, measured.Sum("tradeengine_fills_ingested_total"));
        Assert.Equal(1, measured.Sum("tradeengine_positions_opened_total"));
        Assert.Equal(1, measured.Sum("tradeengine_positions_closed_total", "position_side=long", "result=loss"));
        Assert.Equal(-1.00, measured.Sum("tradeengine_position_realized_pnl", "position_side=long"), 9);
        Assert.Equal(1, measured.Sum("tradeengine_strategy_trades_total", "strategy_id=A", "close_reason=take_profit", "result=win"));
        Assert.Equal(1, measured.Sum("tradeengine_strategy_trades_total", "strategy_id=B", "close_reason=stop_loss", "result=loss"));
        Assert.Equal(3.00, measured.Sum("tradeengine_strategy_realized_pnl", "strategy_id=A"), 9);
        Assert.Equal(-4.00, measured.Sum("tradeengine_strategy_realized_pnl", "strategy_id=B"), 9);
        Assert.Equal(120, measured.Sum("tradeengine_strategy_position_duration", "strategy_id=A"));
        Assert.Equal(1, measured.Count("tradeengine_strategy_position_duration", "strategy_id=B"));
        Assert.Equal(0, measured.Observe("tradeengine_open_positions", "position_side=long"));
        Assert.Equal(0, measured.Observe("tradeengine_strategy_open_positions", "strategy_id=B", "position_side=long"));
        Assert.Equal(0, measured.Observe("tradeengine_shared_positions"));
    }

    [Fact]
    public async Task Running_it_starts_from_the_stores_open_positions_and_counts_what_the_change_feed_brings_including_a_hedge()
    {
        var log = await OpenAsync();
        await log.IngestAsync(Offer(Fill(Side.Buy, "l1", 0.01m, 45_000m, 1, "by-hand-1", PositionSide.Long)), Ct);
        using var metrics = new LedgerMetrics(log);
        using var measured = new Measurements(metrics.Meter);
        await metrics.StartAsync(Ct);
        await metrics.Ready.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(1, measured.Observe("tradeengine_open_positions", "position_side=long"));
        Assert.Equal(1, measured.Observe("tradeengine_strategy_open_positions", "strategy_id=manual", "position_side=long"));
        Assert.Equal(0, measured.Observe("tradeengine_hedged_symbols"));

        await log.IngestAsync(Offer(Fill(Side.Sell, "s1", 0.01m, 45_100m, 2, "by-hand-2", PositionSide.Short)), Ct);
        await Wait.UntilAsync(() => measured.Sum("tradeengine_positions_opened_total", "position_side=short") == 1, "the short's open counted from the change feed");

        Assert.Equal(0, measured.Sum("tradeengine_positions_opened_total", "position_side=long"));
        Assert.Equal(1, measured.Observe("tradeengine_hedged_symbols"));
        Assert.Equal(1, measured.Observe("tradeengine_open_positions", "position_side=short"));
        await metrics.StopAsync(Ct);
    }

    [Fact]
    public async Task Changes_other_than_fills_count_nothing()
    {
        var log = await OpenAsync();
        using var metrics = new LedgerMetrics(log);
        using var measured = new Measurements(metrics.Meter);

        metrics.Apply(new RiskStateChanged(T0, new StoredRiskState("risk", "{}", "{}", T0)));

        Assert.Equal(0, measured.Sum("tradeengine_fills_ingested_total"));
    }

    private static readonly OrderIntent[] WorkedIntents =
    [
        Intent("a-entry", "A", new OrderPurpose.Entry("A", "a-entry", 48_000m, 43_000m), Side.Buy, 0.001m),
        Intent("b-entry", "B", new OrderPurpose.Entry("B", "b-entry", 49_000m, 44_000m), Side.Buy, 0.002m),
        Intent("a-tp", "A", new OrderPurpose.ExitPosition("a-entry", CloseReason.TakeProfit), Side.Sell, 0.001m, OrderIntentKind.TakeProfitMarket),
        Intent("b-sl", "B", new OrderPurpose.ExitPosition("b-entry", CloseReason.StopLoss), Side.Sell, 0.002m, OrderIntentKind.StopMarket),
    ];

    private async Task<FillLog> OpenAsync() => _log = await FillLog.OpenAsync(await FillStores.OpenAsync($"sqlite:{_path}", Ct), TimeProvider.System, Ct);

    private static void Apply(LedgerMetrics metrics, IngestReport report) => metrics.Apply(new FillsCommitted(T0, report));

    private static IncomingFill[] Offer(params Fill[] fills) => [.. fills.Select(f => new IncomingFill(f))];

    private static Fill Fill(Side side, string tradeId, decimal quantity, decimal price, int minute, string clientOrderId, PositionSide positionSide) =>
        new(Venue, Account, "BTCUSDT", side, positionSide, quantity, price, 0m, null, tradeId, T0.AddMinutes(minute), OrderId: "o-" + tradeId) { ClientOrderId = clientOrderId };

    private static OrderIntent Intent(string clientOrderId, string strategy, OrderPurpose purpose, Side side, decimal quantity, OrderIntentKind kind = OrderIntentKind.Market) =>
        new(Venue, Account, clientOrderId, "BTCUSDT", strategy, purpose, kind, side, PositionSide.Long, quantity, null, ReduceOnly: false, null, T0);
}
