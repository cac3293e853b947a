using Tally.Api.Queries;
using Tally.Core;
using Tally.Core.Attribution;
using Tally.Core.Signals;
using Tally.Engine.Risk;
using Tally.Storage;

namespace Tally.Api.Tests;

/// <summary>
/// DESIGN.md §3's worked example up to A's take-profit, folded by the real <see cref="AttributionBook"/>: A closed
/// at 48,000 (+3.00), B open 0.002 @ 46,000; and one stored signal per strategy. Filters as the store applies them.
/// </summary>
internal sealed class WorkedExampleQueries : IApiQueries
{
    private readonly AttributionBook _book = new();
    private readonly Ledger _ledger = new(new InstrumentCatalog());
    private readonly List<StoredFill> _fills = [];

    public WorkedExampleQueries()
    {
        Apply(Fill("1", Side.Buy, 0.001m, 45_000m, 0), new OrderPurpose.Entry("A", "a-1", 48_000m, 43_000m));
        Apply(Fill("2", Side.Buy, 0.002m, 46_000m, 1), new OrderPurpose.Entry("B", "b-1", 49_000m, 44_000m));
        Apply(Fill("3", Side.Sell, 0.001m, 48_000m, 2), new OrderPurpose.ExitPosition("a-1", CloseReason.TakeProfit));
    }

    /// <summary>The monitor's status: B open with its trailing stop, BTCUSDT last at 47,000; null for "never started".</summary>
    public RiskStatus? Status { get; init; } = new(
        ApiServer.Now.AddMinutes(3),
        "Open",
        new RiskStatusEvaluation(ApiServer.Now.AddMinutes(3), 10_005m, 10_000m, -0.0005m, 81.5m, 30m, 20m, 16.5m, 15m, 1),
        new RiskStatusBreaker(new DateOnly(2026, 1, 5), 10_000m, 10_005m, "none", false, null, false, false),
        [new RiskStatusPosition("b-1", "B", Core.Fill.DefaultVenue, Core.Fill.DefaultAccount, "BTCUSDT", "LONG", 0.002m, 46_000m, 47_000m, 47_200m, 45_784m, 49_000m, 44_000m, null)]);

    public IReadOnlyList<StoredRiskEvent> Events { get; } =
    [
        new(1, ApiServer.Now, "PositionOpened", Core.Fill.DefaultVenue, Core.Fill.DefaultAccount, "a-1", "BTCUSDT_LONG", 45_000m, null, "opened"),
        new(2, ApiServer.Now.AddMinutes(1), "PositionOpened", Core.Fill.DefaultVenue, Core.Fill.DefaultAccount, "b-1", "BTCUSDT_LONG", 46_000m, null, "opened"),
        new(3, ApiServer.Now.AddMinutes(2), "PositionClosed", Core.Fill.DefaultVenue, Core.Fill.DefaultAccount, "a-1", "BTCUSDT_LONG", 48_000m, "take_profit", "closed"),
        new(4, ApiServer.Now.AddMinutes(3), "HealthWarning", null, null, null, null, null, null, "health 81.5"),
    ];

    public IReadOnlyList<StoredSignal> Signals { get; } =
    [
        new(new Signal("s-a", "A", "BTCUSDT", SignalAction.Buy, 0.7m, ApiServer.Now, Quantity: 0.001m, TakeProfit: 48_000m, StopLoss: 43_000m), SignalDecision.Accept("no conflict"), ApiServer.Now, "a-1"),
        new(new Signal("s-c", "C", "BTCUSDT", SignalAction.Close, 1m, ApiServer.Now.AddMinutes(1)), SignalDecision.Reject("nothing to close"), ApiServer.Now.AddMinutes(1), null),
    ];

    public Task<IReadOnlyList<StrategySummary>> StrategiesAsync(CancellationToken cancellationToken) =>
        Task.FromResult(StrategySummary.Of(_book.StrategyPositions()));

    public Task<IReadOnlyList<StrategyPosition>> StrategyPositionsAsync(IReadOnlySet<StrategyPositionStatus>? statuses, string? strategyId, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<StrategyPosition>>([.. _book.StrategyPositions().Where(p => (statuses is null || statuses.Contains(p.Status)) && (strategyId is null || p.StrategyId == strategyId))]);

    public Task<IReadOnlyList<Contribution>> ContributionsAsync(string? exchangePositionKey, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Contribution>>([.. _book.Contributions().Where(c => exchangePositionKey is null || c.ExchangePositionKey == exchangePositionKey)]);

    public Task<IReadOnlyList<ExchangePosition>> ExchangePositionsAsync(CancellationToken cancellationToken) =>
        Task.FromResult(_book.ExchangePositions());

    public Task<IReadOnlyList<StoredSignal>> SignalsAsync(string? venue, string? account, string? symbol, DateTimeOffset? since, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<StoredSignal>>([.. Signals.Where(s => (symbol is null || s.Signal.Symbol == symbol) && (since is null || s.Signal.Timestamp >= since))]);

    public async Task<IReadOnlyList<MarkedPosition>> PositionsAsync(PositionFilter filter, CancellationToken cancellationToken)
    {
        var marks = Marks.Of(await RiskStatusAsync(cancellationToken));
        return [.. _ledger.Positions
            .Where(p => (!filter.OpenOnly || p.IsOpen) && (filter.Venue is null || p.Key.Venue == filter.Venue) && (filter.Symbol is null || p.Key.Symbol == filter.Symbol))
            .Select(p => new MarkedPosition(p, marks.For(p.Key.Venue, p.Key.Symbol)))];
    }

    public Task<RiskStatus?> RiskStatusAsync(CancellationToken cancellationToken) => Task.FromResult(Status);

    public Task<IReadOnlyList<StoredRiskEvent>> RiskEventsAsync(long afterId, int limit, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<StoredRiskEvent>>([.. Events.Where(e => e.Id > afterId).TakeLast(limit)]);

    public Task<IReadOnlyList<StoredFill>> FillsAsync(string? symbol, string? venue, int limit, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<StoredFill>>([.. _fills.Where(f => (symbol is null || f.Fill.Symbol == symbol) && (venue is null || f.Fill.Venue == venue)).Reverse().Take(limit)]);

    public Task<IReadOnlyList<CycleSummary>> CyclesAsync(string? symbol, int limit, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<CycleSummary>>([]);

    private void Apply(Fill fill, OrderPurpose purpose)
    {
        var outcome = _book.Apply(_ledger, fill, purpose);
        _fills.Add(new StoredFill(_fills.Count + 1, fill, outcome.Action, outcome.RealizedPnl, 0m, 0m, Processed: true, Raw: null, fill.Timestamp!.Value));
    }

    private static Fill Fill(string tradeId, Side side, decimal quantity, decimal price, int minute) =>
        new(Core.Fill.DefaultVenue, Core.Fill.DefaultAccount, "BTCUSDT", side, PositionSide.Long, quantity, price, 0m, null, TradeId: tradeId, Timestamp: ApiServer.Now.AddMinutes(minute));
}
