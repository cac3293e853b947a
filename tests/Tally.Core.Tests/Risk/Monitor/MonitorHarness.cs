using Tally.Core.Attribution;
using Tally.Core.Risk;

namespace Tally.Core.Tests.Risk.Monitor;

/// <summary>
/// Drives a <see cref="RiskSimulation"/> (ledger + attribution book + monitor, exits folded back as fills) in hedge
/// mode: a long goes on SYMBOL LONG, a short on SYMBOL SHORT, each entry is its own strategy position named by
/// <c>id</c>. Times are seconds after <see cref="Start"/> (a Monday, 00:00 UTC).
/// </summary>
internal sealed class MonitorHarness
{
    public static readonly DateTimeOffset Start = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

    private int _trade;

    public MonitorHarness(RiskSettings? settings = null, decimal balance = 10_000m, RiskMonitorState? state = null, decimal feeRate = 0m)
    {
        Sim = new RiskSimulation(settings ?? new RiskSettings(), new InstrumentCatalog(), balance, Start, feeRate: feeRate, state: state);
    }

    public RiskSimulation Sim { get; }

    public RiskMonitor Monitor => Sim.Monitor;

    public static DateTimeOffset At(double seconds) => Start.AddSeconds(seconds);

    public void Long(string id, string symbol, decimal quantity, decimal price, double seconds = 0, string strategy = "s1", decimal? takeProfit = null, decimal? stopLoss = null) =>
        Enter(id, symbol, Side.Buy, PositionSide.Long, quantity, price, seconds, strategy, takeProfit, stopLoss);

    public void Short(string id, string symbol, decimal quantity, decimal price, double seconds = 0, string strategy = "s1", decimal? takeProfit = null, decimal? stopLoss = null) =>
        Enter(id, symbol, Side.Sell, PositionSide.Short, quantity, price, seconds, strategy, takeProfit, stopLoss);

    /// <summary>Closes a position by hand (an exit fill of the input, reason manual).</summary>
    public void CloseByHand(string id, string symbol, double seconds, decimal price)
    {
        var position = Position(id, symbol);
        var side = position.Side == PositionDirection.Long ? Side.Sell : Side.Buy;
        Sim.ApplyFill(
            new Fill(Fill.DefaultVenue, Fill.DefaultAccount, symbol, side, position.PositionSide, position.OpenQuantity, price, 0m, null, $"t{++_trade}", At(seconds)),
            new OrderPurpose.ExitPosition(id, CloseReason.Manual));
    }

    /// <summary>A tick; returns the exits it caused.</summary>
    public IReadOnlyList<RiskExit> Tick(double seconds, string symbol, decimal price, decimal? quantity = null, Side? takerSide = null)
    {
        var before = Sim.Exits.Count;
        Sim.OnTick(new RiskTick(At(seconds), symbol, price, quantity, takerSide));
        return [.. Sim.Exits.Skip(before)];
    }

    public StrategyPosition Position(string id, string symbol) =>
        Sim.Book.Find(Fill.DefaultVenue, Fill.DefaultAccount, symbol, id) ?? throw new InvalidOperationException($"no {id}");

    public decimal? StopOf(string id, string symbol) => Monitor.Find(Fill.DefaultVenue, Fill.DefaultAccount, symbol, id)?.Stop;

    public IEnumerable<RiskEvent> EventsOf(RiskEventType type) => Sim.Events.Where(e => e.Type == type);

    private void Enter(string id, string symbol, Side side, PositionSide positionSide, decimal quantity, decimal price, double seconds, string strategy, decimal? takeProfit, decimal? stopLoss) =>
        Sim.ApplyFill(
            new Fill(Fill.DefaultVenue, Fill.DefaultAccount, symbol, side, positionSide, quantity, price, 0m, null, $"t{++_trade}", At(seconds), OrderId: id, Strategy: strategy),
            new OrderPurpose.Entry(strategy, id, takeProfit, stopLoss));
}
