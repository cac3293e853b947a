using FsCheck.Xunit;
using Tally.Core.Attribution;
using Tally.Core.Risk;

namespace Tally.Core.Tests.Risk.Monitor;

/// <summary>
/// The monitor keeps the portfolio evaluation's inputs up to date as positions open, change, get an exit asked for
/// and close (sums per market, heaps of hold-time deadlines). Over random streams of entries, partial and full
/// exits, ticks and quiet time, every evaluation must equal the naive recomputation over every open position:
/// equity = wallet + Σ unrealized PnL (same value, same decimal scale), the health score from
/// <see cref="PortfolioHealth.Score"/> over the watched positions, and the hold-time exits from
/// <see cref="HoldTime.Expired"/>, in order. Linear, multiplied and inverse contracts; ticks leave some positions
/// exited-but-open (their exit asked for and not filled), as live.
/// </summary>
[Properties(MaxTest = 120)]
public class PortfolioEvaluationProperties
{
    private static readonly string[] Symbols = ["AAAUSDT", "DOGEUSDT", "EURUSDT", "QQQUSDT", "SOLUSD_PERP"];
    private static readonly decimal[] Quantities = [0.001m, 0.5m, 1m, 3m, 7.25m, 0.333m, 12m];

    // Trailing stops, hold time and health's counting act; breaker levels out of reach, health never armed (so the
    // evaluation itself asks only for hold-time exits), no dump (no volume), no leaders.
    private static readonly RiskSettings Settings = new()
    {
        BreakerCloseWorstHalf = 0.999m,
        BreakerCloseAll = 0.999m,
        BreakerHalt = 1m,
        HealthMinPositions = int.MaxValue,
        CorrelationLeaders = new HashSet<string>(),
        WatchTakeProfitStopLoss = false,
        ScalpingStrategies = new HashSet<string> { "scalp" },
        ScalpingMaxHold = TimeSpan.FromMinutes(3),
        MemeMaxHold = TimeSpan.FromMinutes(5),
        ForexMaxHold = TimeSpan.FromSeconds(150),
    };

    [Property]
    public void Every_evaluation_equals_a_naive_recomputation_over_the_open_positions(int seed, byte steps)
    {
        var random = new Random(seed);
        var catalog = new InstrumentCatalog();
        catalog.Add(Instrument.Create("QQQUSDT", InstrumentKind.Linear, "QQQ", "USDT", 0.1m));
        catalog.Add(Instrument.Create("SOLUSD_PERP", InstrumentKind.Inverse, "SOL", "USD", 10m));
        var ledger = new Ledger(catalog);
        var book = new AttributionBook(AttributionPolicy.Fifo);
        var start = MonitorHarness.Start;
        var monitor = new RiskMonitor(Settings, RiskMonitorState.Start(start, 1_000_000m), 1_000_000m);
        var output = new RiskOutput();
        var wallet = 1_000_000m;
        var net = new Dictionary<string, decimal>();
        var prices = Symbols.ToDictionary(s => s, _ => 100m);
        var open = new List<(string Id, string Symbol)>();
        var now = start;
        var next = 0;
        var evaluations = 0;

        void Fold(Fill fill, OrderPurpose purpose)
        {
            book.Apply(ledger, fill, purpose);
            foreach (var snapshot in book.LastApplied.Select(c => c.Position))
            {
                wallet += snapshot.NetPnl - net.GetValueOrDefault(snapshot.StrategyPositionId);
                net[snapshot.StrategyPositionId] = snapshot.NetPnl;
                monitor.UpdateWallet(wallet);
                monitor.Track(snapshot, now, output);
                if (snapshot.Status == StrategyPositionStatus.Closed)
                {
                    open.Remove((snapshot.StrategyPositionId, snapshot.Symbol));
                }
            }
        }

        for (var step = 0; step < 40 + steps; step++)
        {
            now = now.AddSeconds(random.Next(1, 40));
            output.Clear();
            var op = random.Next(10);
            if (op < 3 || open.Count == 0)
            {
                var symbol = Symbols[random.Next(Symbols.Length)];
                var id = $"sp{next++}";
                var isLong = random.Next(2) == 0;
                var price = Math.Max(1m, prices[symbol] + (random.Next(-30, 31) * 0.07m));
                var strategy = random.Next(3) == 0 ? "scalp" : "s1";
                Fold(
                    new Fill(Fill.DefaultVenue, Fill.DefaultAccount, symbol, isLong ? Side.Buy : Side.Sell, isLong ? PositionSide.Long : PositionSide.Short,
                        Quantities[random.Next(Quantities.Length)], price, 0.01m, null, $"t{next++}", now, OrderId: id, Strategy: strategy),
                    new OrderPurpose.Entry(strategy, id));
                open.Add((id, symbol));
                continue;
            }

            if (op < 5)
            {
                // A partial or full exit of an open position (watched or not) at the symbol's price.
                var (id, symbol) = open[random.Next(open.Count)];
                var position = book.Find(Fill.DefaultVenue, Fill.DefaultAccount, symbol, id)!;
                var quantity = random.Next(2) == 0 ? position.OpenQuantity : Math.Round(position.OpenQuantity / 3m, 3);
                if (quantity > 0m)
                {
                    Fold(
                        new Fill(Fill.DefaultVenue, Fill.DefaultAccount, symbol, position.Side == PositionDirection.Long ? Side.Sell : Side.Buy, position.PositionSide,
                            quantity, prices[symbol], 0.02m, null, $"t{next++}", now),
                        new OrderPurpose.ExitPosition(id, CloseReason.Manual));
                }

                continue;
            }

            if (op < 9)
            {
                var symbol = Symbols[random.Next(Symbols.Length)];
                prices[symbol] = Math.Max(1m, prices[symbol] + (random.Next(-20, 21) * 0.13m));
                monitor.OnTick(new RiskTick(now, symbol, prices[symbol]), output);
            }
            else
            {
                monitor.OnTime(now, output);
            }

            if (output.Evaluations.Count > 0)
            {
                evaluations++;
                CheckAgainstNaive(monitor, output);
            }
        }

        Assert.True(evaluations > 0);
    }

    private static void CheckAgainstNaive(RiskMonitor monitor, RiskOutput output)
    {
        var evaluation = Assert.Single(output.Evaluations);
        var at = evaluation.At;
        var positions = monitor.OpenPositions();

        var equity = monitor.Wallet + positions.Sum(p => p.Position.UnrealizedPnl(p.LastPrice ?? p.Position.EntryPrice));
        Assert.Equal(equity, evaluation.Equity);
        Assert.Equal(equity.Scale, evaluation.Equity.Scale);
        Assert.Equal(positions.Count, evaluation.OpenPositions);

        // Watched at the health score: no exit asked for before it (hold time comes after health).
        var heldTooLong = output.Exits.Where(e => e.Reason == RiskExitReason.HoldTime).Select(e => e.StrategyPositionId).ToList();
        var watched = positions
            .Where(p => p.ExitRequested is null || (p.ExitRequested == RiskExitReason.HoldTime && heldTooLong.Contains(p.Position.StrategyPositionId)))
            .Select(p => Valued(monitor, p))
            .ToList();
        var breaker = monitor.State.Breaker;
        Assert.Equal(PortfolioHealth.Score(watched, breaker.DayStartEquity, equity - breaker.DayStartEquity, at), evaluation.Health);

        var expired = HoldTime.Expired(watched, at).Select(bookId => bookId.Split('\u001f')[^1]).ToList();
        Assert.Equal(expired, heldTooLong);
    }

    private static RiskPosition Valued(RiskMonitor monitor, MonitoredPosition monitored)
    {
        var snapshot = monitored.Position;
        var mark = monitored.LastPrice ?? snapshot.EntryPrice;
        var isLong = snapshot.Side == PositionDirection.Long;
        return new RiskPosition(
            $"{snapshot.Venue}\u001f{snapshot.Account}\u001f{snapshot.Symbol}\u001f{snapshot.StrategyPositionId}",
            snapshot.StrategyId,
            snapshot.Symbol,
            snapshot.ExchangePositionKey,
            isLong ? ExposureSide.Long : ExposureSide.Short,
            snapshot.EntryTime!.Value,
            Math.Abs(ContractValue.Of(snapshot.Instrument, mark, snapshot.OpenQuantity)),
            snapshot.UnrealizedPnl(mark),
            (isLong ? mark - snapshot.EntryPrice : snapshot.EntryPrice - mark) / snapshot.EntryPrice * 100m,
            monitor.Classes.MaxHold(snapshot.StrategyId, snapshot.Symbol));
    }
}
