using Tally.Core.Attribution;

namespace Tally.Core.Risk;

/// <summary>
/// The offline loop of <c>tally risk replay</c>: a <see cref="Ledger"/>, its <see cref="AttributionBook"/> and a
/// <see cref="RiskMonitor"/> folded together. Fills open, change and close strategy positions (each touched
/// snapshot goes to the monitor, the wallet follows their realized PnL less fees); ticks go to the monitor, and
/// every exit it asks for is simulated at once as a fill at the exit's price (the triggering tick's, or the
/// symbol's last price for a portfolio rule), fee = notional × <see cref="FeeRate"/>, and folded back through the
/// book with the exit's close reason — so the next rule sees the position closed. Ticks and fills must be given
/// in time order. Not thread-safe.
/// </summary>
public sealed class RiskSimulation
{
    /// <summary>Trade ids of simulated exit fills: <c>risk-1</c>, <c>risk-2</c> …</summary>
    public const string ExitTradePrefix = "risk-";

    private readonly RiskOutput _output = new();
    private readonly List<RiskEvent> _events = [];
    private readonly List<RiskExit> _exits = [];
    private readonly List<RiskEvaluation> _equity = [];
    private readonly Dictionary<(string Venue, string Account, string Symbol, string Id), decimal> _net = [];
    private decimal _wallet;
    private long _exitCount;

    public RiskSimulation(
        RiskSettings settings,
        InstrumentCatalog instruments,
        decimal startingBalance,
        DateTimeOffset start,
        AttributionPolicy policy = AttributionPolicy.Fifo,
        decimal feeRate = 0m,
        RiskMonitorState? state = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(feeRate);
        Ledger = new Ledger(instruments);
        Book = new AttributionBook(policy);
        FeeRate = feeRate;
        StartingBalance = startingBalance;
        _wallet = startingBalance;
        Monitor = new RiskMonitor(settings, state ?? RiskMonitorState.Start(start, startingBalance), startingBalance);
    }

    public Ledger Ledger { get; }

    public AttributionBook Book { get; }

    public RiskMonitor Monitor { get; }

    public decimal FeeRate { get; }

    public decimal StartingBalance { get; }

    /// <summary>Starting balance + Σ realized PnL − fees of every strategy position so far.</summary>
    public decimal Wallet => _wallet;

    /// <summary>Every event, in order.</summary>
    public IReadOnlyList<RiskEvent> Events => _events;

    /// <summary>Every exit the rules took (each folded back as a fill), in order.</summary>
    public IReadOnlyList<RiskExit> Exits => _exits;

    /// <summary>The first evaluation and those that opened a UTC day or fired a breaker level: the equity curve's points.</summary>
    public IReadOnlyList<RiskEvaluation> EquityPoints => _equity;

    /// <summary>Folds a fill of the input (an entry, or an exit it records) and shows the monitor what it changed.</summary>
    /// <exception cref="ArgumentException">The ledger or the book refuses the fill; nothing changed.</exception>
    public FillOutcome ApplyFill(in Fill fill, OrderPurpose purpose)
    {
        var outcome = Fold(fill, purpose, fill.Timestamp ?? Monitor.LastEvaluation?.At ?? DateTimeOffset.UnixEpoch);
        Drain();
        return outcome;
    }

    /// <summary>Folds a tick; the exits it triggers are filled and folded back before this returns.</summary>
    public void OnTick(in RiskTick tick)
    {
        Monitor.OnTick(tick, _output);
        Drain();
    }

    /// <summary>Runs an evaluation due at <paramref name="now"/> without a tick (e.g. at the end of the input).</summary>
    public void OnTime(DateTimeOffset now)
    {
        Monitor.OnTime(now, _output);
        Drain();
    }

    // Takes what the monitor produced; exits become fills, whose snapshots produce more output (PositionClosed),
    // so loop until nothing is left.
    private void Drain()
    {
        while (!_output.IsEmpty)
        {
            var events = _output.Events.ToList();
            var exits = _output.Exits.ToList();
            var evaluations = _output.Evaluations.ToList();
            _output.Clear();
            _events.AddRange(events);
            foreach (var evaluation in evaluations)
            {
                if (_equity.Count == 0 || evaluation.NewDay || evaluation.Fired != BreakerLevel.None)
                {
                    _equity.Add(evaluation);
                }
            }

            foreach (var exit in exits)
            {
                _exits.Add(exit);
                Fill(exit);
            }
        }
    }

    private void Fill(RiskExit exit)
    {
        var instrument = Ledger.Find(new PositionKey(exit.Venue, exit.Account, exit.Symbol, exit.PositionSide))!.Instrument;

        // Fee = notional × rate in the settlement asset: 0.1 BTC at 40,000 with 0.0005 → 4,000 × 0.0005 = 2.
        var fee = ContractValue.ToAmountScale(ContractValue.Of(instrument, exit.Price, exit.Quantity) * FeeRate);
        var fill = new Fill(
            exit.Venue,
            exit.Account,
            exit.Symbol,
            exit.OrderSide,
            exit.PositionSide,
            exit.Quantity,
            exit.Price,
            fee,
            FeeAsset: null,
            TradeId: $"{ExitTradePrefix}{++_exitCount}",
            Timestamp: exit.At);
        Fold(fill, new OrderPurpose.ExitPosition(exit.StrategyPositionId, exit.CloseReason), exit.At);
    }

    private FillOutcome Fold(in Fill fill, OrderPurpose purpose, DateTimeOffset now)
    {
        var outcome = Book.Apply(Ledger, fill, purpose);
        foreach (var snapshot in Book.LastApplied.Select(change => change.Position))
        {
            var id = (snapshot.Venue, snapshot.Account, snapshot.Symbol, snapshot.StrategyPositionId);
            _wallet += snapshot.NetPnl - _net.GetValueOrDefault(id);
            _net[id] = snapshot.NetPnl;
            Monitor.UpdateWallet(_wallet);
            Monitor.Track(snapshot, now, _output);
        }

        return outcome;
    }
}
