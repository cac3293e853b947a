namespace Tally.Core.Attribution;

/// <summary>
/// The running state of one strategy position inside an <see cref="AttributionBook"/>. Values are kept as
/// sums (entry value, open cost, exit value), never as rounded averages, so that when a cycle ends the
/// realized PnL of its positions adds up to the ledger's exactly. Owned by the book; not thread safe.
/// </summary>
internal sealed class StrategyPositionState
{
    private readonly AssetTally _fees = new();
    private readonly AssetTally _funding = new();

    // The last snapshot, until the state changes: a fill's change list and the batch's rows share one.
    private StrategyPosition? _snapshot;

    public StrategyPositionState(string id, string strategyId, PositionKey key, Instrument instrument, PositionDirection side, int cycle, int sequence)
    {
        Id = id;
        StrategyId = strategyId;
        Key = key;
        Instrument = instrument;
        Side = side;
        Cycle = cycle;
        Sequence = sequence;
        ExchangePositionKey = ExchangePosition.KeyOf(key.Symbol, side);
    }

    public string Id { get; }

    public string StrategyId { get; }

    public PositionKey Key { get; }

    public Instrument Instrument { get; }

    public PositionDirection Side { get; }

    public int Cycle { get; }

    public int Sequence { get; }

    public string ExchangePositionKey { get; }

    public decimal? TakeProfit
    {
        get;
        set
        {
            field = value;
            _snapshot = null;
        }
    }

    public decimal? StopLoss
    {
        get;
        set
        {
            field = value;
            _snapshot = null;
        }
    }

    public decimal EntryQuantity { get; private set; }

    /// <summary>Σ value of the entries (quote for linear/spot, base for inverse).</summary>
    public decimal EntryValue { get; private set; }

    public DateTimeOffset? EntryTime { get; private set; }

    public decimal OpenQuantity { get; private set; }

    /// <summary>Entry value of what is still held: EntryValue less the cost pieces already exited.</summary>
    public decimal OpenCost { get; private set; }

    public decimal ExitQuantity { get; private set; }

    public decimal ExitValue { get; private set; }

    public DateTimeOffset? ExitTime { get; private set; }

    public CloseReason? LastReason { get; private set; }

    public decimal Realized { get; private set; }

    public decimal SettlementFees { get; private set; }

    /// <summary>Listed among the book's changes since its last TakeChanged (set and cleared by the book).</summary>
    public bool Tracked { get; set; }

    public bool IsOpen => OpenQuantity > 0m;

    public StrategyPositionStatus Status =>
        OpenQuantity > 0m ? (ExitQuantity > 0m ? StrategyPositionStatus.Partial : StrategyPositionStatus.Open) : StrategyPositionStatus.Closed;

    public void Enter(decimal quantity, decimal value, DateTimeOffset? at)
    {
        EntryQuantity += quantity;
        EntryValue += value;
        OpenQuantity += quantity;
        OpenCost += value;
        EntryTime ??= at;
        _snapshot = null;
    }

    /// <summary>
    /// Takes <paramref name="quantity"/> off at an exit value of <paramref name="exitValue"/>. The cost leaving
    /// is the open cost's share (cost·q/Q, kept to 18 places), or all of what is left when the position closes,
    /// so its realized PnL in the end is exactly Σ exit value − Σ entry value (mirrored for shorts).
    /// </summary>
    public void Exit(decimal quantity, decimal exitValue, CloseReason reason, DateTimeOffset? at)
    {
        var cost = quantity == OpenQuantity ? OpenCost : ContractValue.ToAmountScale(OpenCost * quantity / OpenQuantity);
        Realized += ContractValue.ExitPnl(Instrument, Side, cost, exitValue);
        OpenCost -= cost;
        OpenQuantity -= quantity;
        ExitQuantity += quantity;
        ExitValue += exitValue;
        ExitTime = at ?? ExitTime;
        LastReason = reason;
        _snapshot = null;
    }

    public void Charge(string asset, decimal fee, decimal settlementCharge)
    {
        _fees.Add(asset, fee);
        SettlementFees += settlementCharge;
        _snapshot = null;
    }

    public void Fund(string asset, decimal amount)
    {
        _funding.Add(asset, amount);
        _snapshot = null;
    }

    /// <summary>The weighted entry price of its entry fills so far.</summary>
    public decimal EntryPrice => AveragePrice(EntryValue, EntryQuantity);

    /// <summary>The position as it stands: the same (immutable) object until the state changes again.</summary>
    public StrategyPosition Snapshot() => _snapshot ??= TakeSnapshot();

    private StrategyPosition TakeSnapshot()
    {
        var entryPrice = EntryPrice;
        decimal? exitPrice = ExitQuantity == 0m ? null : AveragePrice(ExitValue, ExitQuantity);

        // (exit − entry)/entry × 100 for a long; a short earns when the exit is lower.
        decimal? pct = exitPrice is { } exit
            ? (Side == PositionDirection.Long ? exit - entryPrice : entryPrice - exit) / entryPrice * 100m
            : null;
        return new StrategyPosition(
            Id,
            StrategyId,
            Key.Venue,
            Key.Account,
            Key.Symbol,
            Key.PositionSide,
            Side,
            EntryQuantity,
            entryPrice,
            EntryTime,
            TakeProfit,
            StopLoss,
            Status,
            OpenQuantity,
            exitPrice,
            ExitTime,
            LastReason,
            Realized,
            SettlementFees,
            _fees.ToList(),
            _funding.ToList(),
            pct,
            ExchangePositionKey,
            Cycle,
            Sequence,
            Instrument,
            OpenCost);
    }

    // Linear: value / (quantity·m). Inverse values are x·m/p in base, so the price is quantity·m / value (harmonic).
    private decimal AveragePrice(decimal value, decimal quantity) =>
        Instrument.Kind == InstrumentKind.Inverse
            ? quantity * Instrument.Multiplier / value
            : value / (quantity * Instrument.Multiplier);
}
