using FsCheck.Xunit;
using Tally.Core.Attribution;
using Tally.Core.Risk;

namespace Tally.Core.Tests.Risk.Monitor;

[Properties(Arbitrary = new[] { typeof(StopStreams) }, MaxTest = 150)]
public class MonitorStopProperties
{
    private const decimal Step = 0.05m;

    // Only the trailing stops act: breaker levels out of reach, health never armed, no dump (no volume and all
    // three signals required), no leaders, no TP/SL, no maximum hold.
    private static readonly RiskSettings StopsOnly = new()
    {
        BreakerCloseWorstHalf = 0.999m,
        BreakerCloseAll = 0.999m,
        BreakerHalt = 1m,
        HealthMinPositions = int.MaxValue,
        DumpSignalsRequired = 3,
        CorrelationLeaders = new HashSet<string>(),
        WatchTakeProfitStopLoss = false,
    };

    [Property]
    public void The_monitor_exits_exactly_the_positions_a_naive_scan_of_every_trailing_stop_exits(StopStream stream)
    {
        var sim = new RiskSimulation(StopsOnly, new InstrumentCatalog(), 1_000_000_000m, MonitorHarness.Start);
        var naive = new NaiveStopBook();
        var classes = new AssetClassMap(StopsOnly);
        var prices = new Dictionary<string, decimal>();
        var symbols = new Dictionary<string, string>();
        var next = 0;
        var seconds = 0;

        foreach (var op in stream.Ops)
        {
            var at = MonitorHarness.At(++seconds);
            switch (op)
            {
                case StopStream.Open open:
                    var price = prices.GetValueOrDefault(open.Symbol, 100m);
                    var entry = Math.Max(Step, price + (open.EntryOffset * Step));
                    var id = $"sp{next++}";
                    var (side, positionSide) = open.Side == ExposureSide.Long ? (Side.Buy, PositionSide.Long) : (Side.Sell, PositionSide.Short);
                    sim.ApplyFill(
                        new Fill(Fill.DefaultVenue, Fill.DefaultAccount, open.Symbol, side, positionSide, 1m, entry, 0m, null, id, at, OrderId: id, Strategy: "s"),
                        new OrderPurpose.Entry("s", id));
                    naive.Add(new StopOrder(id, open.Symbol, open.Side, entry, classes.TrailingDistance(open.Symbol)));
                    symbols[id] = open.Symbol;
                    break;

                case StopStream.Tick tick:
                    var moved = Math.Max(Step, prices.GetValueOrDefault(tick.Symbol, 100m) + (tick.Steps * Step));
                    prices[tick.Symbol] = moved;
                    var before = sim.Exits.Count;
                    sim.OnTick(new RiskTick(at, tick.Symbol, moved));
                    var expected = new List<StopExit>();
                    naive.OnTick(tick.Symbol, moved, expected);
                    Assert.Equal(
                        expected.Select(e => (e.StrategyPositionId, e.Price)).Order(),
                        sim.Exits.Skip(before).Select(e => (e.StrategyPositionId, e.Price)).Order());
                    Assert.All(sim.Exits.Skip(before), e => Assert.Equal(RiskExitReason.TrailingStop, e.Reason));
                    break;

                case StopStream.Close close:
                    var live = naive.Ids.ToList();
                    if (live.Count > 0)
                    {
                        var target = live[close.Index % live.Count];
                        var position = sim.Book.Find(Fill.DefaultVenue, Fill.DefaultAccount, symbols[target], target)!;
                        var exitSide = position.Side == PositionDirection.Long ? Side.Sell : Side.Buy;
                        sim.ApplyFill(
                            new Fill(Fill.DefaultVenue, Fill.DefaultAccount, position.Symbol, exitSide, position.PositionSide, 1m, prices.GetValueOrDefault(position.Symbol, 100m), 0m, null, $"x{next++}", at),
                            new OrderPurpose.ExitPosition(target, CloseReason.Manual));
                        naive.Remove(target);
                    }

                    break;

                case StopStream.Cap:
                    break; // the cap is the health rule's; StopBookProperties covers it
            }

            Assert.Equal(naive.Count, sim.Monitor.OpenCount);
            foreach (var id in naive.Ids)
            {
                var monitored = sim.Monitor.Find(Fill.DefaultVenue, Fill.DefaultAccount, symbols[id], id)!;
                Assert.Equal(naive.StopOf(id), monitored.Stop);
            }
        }
    }
}
