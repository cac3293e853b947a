using Tally.Api.Queries;
using Tally.Core;
using Tally.Core.Attribution;
using Tally.Core.Signals;
using Tally.Storage;

namespace Tally.Api.Tests;

/// <summary>
/// DESIGN.md §3's worked example up to A's take-profit, folded by the real <see cref="AttributionBook"/>: A closed
/// at 48,000 (+3.00), B open 0.002 @ 46,000; and one stored signal per strategy. Filters as the store applies them.
/// </summary>
internal sealed class WorkedExampleQueries : IApiQueries
{
    private readonly AttributionBook _book = new();

    public WorkedExampleQueries()
    {
        var ledger = new Ledger(new InstrumentCatalog());
        _book.Apply(ledger, Fill("1", Side.Buy, 0.001m, 45_000m, 0), new OrderPurpose.Entry("A", "a-1", 48_000m, 43_000m));
        _book.Apply(ledger, Fill("2", Side.Buy, 0.002m, 46_000m, 1), new OrderPurpose.Entry("B", "b-1", 49_000m, 44_000m));
        _book.Apply(ledger, Fill("3", Side.Sell, 0.001m, 48_000m, 2), new OrderPurpose.ExitPosition("a-1", CloseReason.TakeProfit));
    }

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

    private static Fill Fill(string tradeId, Side side, decimal quantity, decimal price, int minute) =>
        new(Core.Fill.DefaultVenue, Core.Fill.DefaultAccount, "BTCUSDT", side, PositionSide.Long, quantity, price, 0m, null, TradeId: tradeId, Timestamp: ApiServer.Now.AddMinutes(minute));
}
