using System.Globalization;

namespace Tally.Core;

/// <summary>
/// The state of one position key, folded fill by fill with the weighted-average rules of DESIGN.md §2.
/// Owned by one <see cref="Ledger"/>; not thread safe.
/// </summary>
/// <remarks>
/// The average entry price A is kept as a number of its own: an open or increase blends it
/// (linear: A' = (A·q + p·x) / (q + x); inverse, harmonic as inverse venues average: A' = (q + x) / (q/A + x/p)),
/// and a reduce leaves it untouched to the last digit. A reduce realizes (p − A)·x·m for a linear long and
/// (1/A − 1/p)·x·m for an inverse long; shorts mirror the sign.
/// The fill that ends a cycle realizes whatever makes the cycle's total exactly Σ exit value − Σ entry value
/// (mirrored for shorts; values in base for inverse), so the reduces' 28th-digit roundings never accumulate.
/// Example (linear, m = 1): buy 1 @ 3000, buy 0.5 @ 3100 → A = 3033.33…; sell 0.5 @ 3200 realizes
/// (3200 − 3033.33…)·0.5 = 83.33…35; sell 1 @ 3150 realizes (1600 + 3150 − 4550) − 83.33…35 = 116.66…65;
/// together exactly 200.
/// </remarks>
public sealed class Position
{
    /// <summary>Decimal places kept in realized PnL and inverse base values: <see cref="ContractValue.AmountScale"/>.</summary>
    public const int AmountScale = ContractValue.AmountScale;

    private readonly List<PositionEntry> _entries = [];
    private readonly AssetTally _fees = new();
    private readonly AssetTally _funding = new();

    // The cycle in progress, and the last one closed, are plain structs reset and copied in place, and
    // their fee tallies swap places on a close: a warm position folds fills without allocating. A
    // CycleSummary object is made only when someone asks for one.
    private AssetTally _cycleFees = new();
    private AssetTally _lastClosedFees = new();
    private CycleTotals _cycle;
    private CycleTotals _lastClosed;
    private DateTimeOffset? _lastClosedAt;
    private bool _hasLastClosed;
    private decimal _average;

    private decimal _p1;
    private decimal _p2;
    private decimal _p1Fee;
    private decimal _p2Fee;

    internal Position(PositionKey key, Instrument instrument)
    {
        Key = key;
        Instrument = instrument;
    }

    public PositionKey Key { get; }

    public Instrument Instrument { get; }

    /// <summary>+ long, − short, 0 flat; in contracts (base units for spot and USD-M).</summary>
    public decimal SignedQuantity { get; private set; }

    public decimal Quantity => Math.Abs(SignedQuantity);

    public PositionDirection Direction => SignedQuantity switch
    {
        > 0 => PositionDirection.Long,
        < 0 => PositionDirection.Short,
        _ => PositionDirection.Flat,
    };

    public bool IsOpen => SignedQuantity != 0m;

    /// <summary>Cost basis of what is held at the average entry: quote value A·q·m for spot and linear, base value q·m/A for inverse.</summary>
    public decimal CostBasis => IsOpen ? Value(_average, Quantity) : 0m;

    /// <summary>Weighted-average entry price of what is held; null when flat.</summary>
    public decimal? AverageEntryPrice => IsOpen ? _average : null;

    /// <summary>Price PnL realized over the key's whole history, before fees, in the settlement asset.</summary>
    public decimal RealizedPnl { get; private set; }

    /// <summary>Fees charged in the settlement asset, plus third-asset fees whose conversion price was known.</summary>
    public decimal SettlementFees { get; private set; }

    /// <summary>Realized PnL less <see cref="SettlementFees"/>; opening fees count at once.</summary>
    public decimal NetPnl => RealizedPnl - SettlementFees;

    /// <summary>Every fee as charged, per asset, rebates negative.</summary>
    public IReadOnlyList<AssetAmount> Fees => _fees.ToList();

    /// <summary>Funding received (+) or paid (−) per asset; kept apart from trading PnL.</summary>
    public IReadOnlyList<AssetAmount> Funding => _funding.ToList();

    public CashFlow CashFlow => new(_p1, _p2, _p1Fee, _p2Fee);

    /// <summary>Entries of the cycle in progress; empty when flat.</summary>
    public IReadOnlyList<PositionEntry> Entries => _entries.AsReadOnly();

    /// <summary>How many cycles have run from flat back to flat.</summary>
    public int ClosedCycles { get; private set; }

    /// <summary>Cycles closed plus the one in progress, if any.</summary>
    public int CycleCount => ClosedCycles + (IsOpen ? 1 : 0);

    public DateTimeOffset? OpenedAt => IsOpen ? _cycle.OpenedAt : null;

    public DateTimeOffset? LastUpdate { get; private set; }

    /// <summary>Price PnL of what is held if it were closed at <paramref name="markPrice"/>.</summary>
    public decimal UnrealizedPnl(decimal markPrice)
    {
        if (!IsOpen)
        {
            return 0m;
        }

        return ExitPnl(Direction, CostBasis, Value(markPrice, Quantity));
    }

    /// <summary>Value of what is held at <paramref name="markPrice"/>: quote for spot and linear, base for inverse.</summary>
    public decimal Notional(decimal markPrice) => IsOpen ? Value(markPrice, Quantity) : 0m;

    /// <summary>The cycle in progress, or null when flat.</summary>
    public CycleSummary? CurrentCycle() => IsOpen ? Summarize(_cycle, _cycleFees, ClosedCycles + 1, closedAt: null, isClosed: false) : null;

    /// <summary>The cycle most recently closed by a fill this object folded, or null (none yet, or restored since).</summary>
    public CycleSummary? LastClosedCycle() =>
        !_hasLastClosed ? null : Summarize(_lastClosed, _lastClosedFees, ClosedCycles, _lastClosedAt, isClosed: true);

    /// <summary>A copy of the whole state, for a store to save.</summary>
    public PositionState Capture() => new(
        SignedQuantity,
        _average,
        RealizedPnl,
        SettlementFees,
        _fees.ToList(),
        _funding.ToList(),
        _p1,
        _p2,
        _p1Fee,
        _p2Fee,
        ClosedCycles,
        LastUpdate,
        [.. _entries],
        new CycleState(
            _cycle.Side,
            _cycle.OpenedAt,
            _cycle.EntryQuantity,
            _cycle.EntryValue,
            _cycle.AverageEntry,
            _cycle.ExitQuantity,
            _cycle.ExitValue,
            _cycle.AverageExit,
            _cycle.Peak,
            _cycle.Realized,
            _cycle.SettlementFees,
            _cycleFees.ToList()));

    internal void Restore(PositionState state)
    {
        SignedQuantity = state.SignedQuantity;
        _average = state.AverageEntryPrice;
        RealizedPnl = state.RealizedPnl;
        SettlementFees = state.SettlementFees;
        Refill(_fees, state.Fees);
        Refill(_funding, state.Funding);
        _p1 = state.P1;
        _p2 = state.P2;
        _p1Fee = state.P1Fee;
        _p2Fee = state.P2Fee;
        ClosedCycles = state.ClosedCycles;
        _hasLastClosed = false;
        LastUpdate = state.LastUpdate;
        _entries.Clear();
        _entries.AddRange(state.Entries);
        var cycle = state.Cycle;
        _cycle.Side = cycle.Side;
        _cycle.OpenedAt = cycle.OpenedAt;
        _cycle.EntryQuantity = cycle.EntryQuantity;
        _cycle.EntryValue = cycle.EntryValue;
        _cycle.AverageEntry = cycle.AverageEntryPrice;
        _cycle.ExitQuantity = cycle.ExitQuantity;
        _cycle.ExitValue = cycle.ExitValue;
        _cycle.AverageExit = cycle.AverageExitPrice;
        _cycle.Peak = cycle.PeakQuantity;
        _cycle.Realized = cycle.RealizedPnl;
        _cycle.SettlementFees = cycle.SettlementFees;
        Refill(_cycleFees, cycle.Fees);

        static void Refill(AssetTally tally, IReadOnlyList<AssetAmount> amounts)
        {
            tally.Clear();
            foreach (var amount in amounts)
            {
                tally.Add(amount.Asset, amount.Amount);
            }
        }
    }

    internal void ApplyFunding(decimal amount, string asset, DateTimeOffset? at)
    {
        _funding.Add(asset, amount);
        LastUpdate = at ?? LastUpdate;
    }

    internal FillOutcome Apply(in Fill fill)
    {
        if (FillRules.Check(fill, Instrument) is { } rejection)
        {
            throw new ArgumentException($"fill {fill.TradeId}: {rejection}", nameof(fill));
        }

        var feeAsset = fill.FeeAsset ?? Instrument.SettlementAsset;
        var delta = fill.SignedQuantity;
        var spotBaseFee = FillRules.IsSpotBaseFee(fill, Instrument);
        if (spotBaseFee)
        {
            // A base-asset fee on spot is paid out of the coins themselves: a buy of 1 with a 0.001 fee
            // holds 0.999, a sell of 1 with a 0.001 fee gives up 1.001. The quantity change is the truth.
            delta -= fill.Fee;
        }

        var settlementCharge = SettlementCharge(feeAsset, fill.Fee, fill.FeeConversionPrice, spotBaseFee);
        RecordCashFlow(fill, feeAsset, settlementCharge);
        _fees.Add(feeAsset, fill.Fee);
        SettlementFees += settlementCharge;
        LastUpdate = fill.Timestamp ?? LastUpdate;

        return fill.PositionSide == PositionSide.Both
            ? ApplyOneWay(fill, delta, feeAsset, settlementCharge, spotBaseFee)
            : ApplyHedge(fill, delta, feeAsset, settlementCharge);
    }

    private FillOutcome ApplyOneWay(in Fill fill, decimal delta, string feeAsset, decimal settlementCharge, bool spotBaseFee)
    {
        var size = Math.Abs(delta);
        var incoming = delta > 0 ? PositionDirection.Long : PositionDirection.Short;
        var held = Quantity;

        if (!IsOpen || Direction == incoming)
        {
            var opened = !IsOpen;
            ChargeCycle(feeAsset, fill.Fee, settlementCharge);
            Enter(incoming, size, fill);
            return Outcome(fill, Opening(incoming, opened), 0m, anomaly: null, closed: 0);
        }

        var direction = Direction;
        if (size < held)
        {
            ChargeCycle(feeAsset, fill.Fee, settlementCharge);
            var realized = Exit(size, fill.Price, closesAll: false);
            return Outcome(fill, Reducing(direction, closed: false), realized, anomaly: null, closed: 0);
        }

        if (size == held)
        {
            ChargeCycle(feeAsset, fill.Fee, settlementCharge);
            var realized = Exit(size, fill.Price, closesAll: true);
            return Outcome(fill, Reducing(direction, closed: true), realized, anomaly: null, CloseCycle(fill.Timestamp));
        }

        // Flip: close what is held at p, open the rest at p the other way; the fee divides between the legs
        // as ContractValue.FlipCloseShare says.
        var closeFee = ContractValue.FlipCloseShare(fill.Fee, held, fill.Quantity, spotBaseFee);
        var closeCharge = ContractValue.FlipCloseShare(settlementCharge, held, fill.Quantity, spotBaseFee);
        ChargeCycle(feeAsset, closeFee, closeCharge);
        var flipRealized = Exit(held, fill.Price, closesAll: true);
        var closedCycle = CloseCycle(fill.Timestamp);

        ChargeCycle(feeAsset, fill.Fee - closeFee, settlementCharge - closeCharge);
        Enter(incoming, size - held, fill);
        var action = direction == PositionDirection.Long
            ? PositionAction.LongClosedAndShortOpened
            : PositionAction.ShortClosedAndLongOpened;
        return Outcome(fill, action, flipRealized, anomaly: null, closedCycle);
    }

    private FillOutcome ApplyHedge(in Fill fill, decimal delta, string feeAsset, decimal settlementCharge)
    {
        var book = fill.PositionSide == PositionSide.Long ? PositionDirection.Long : PositionDirection.Short;
        var size = Math.Abs(delta);
        var opening = (book == PositionDirection.Long) == (delta > 0);

        if (opening)
        {
            var opened = !IsOpen;
            ChargeCycle(feeAsset, fill.Fee, settlementCharge);
            Enter(book, size, fill);
            return Outcome(fill, Opening(book, opened), 0m, anomaly: null, closed: 0);
        }

        var held = Quantity;
        var sideName = fill.PositionSide.ToWireName();
        if (!IsOpen)
        {
            var flatAnomaly = string.Create(CultureInfo.InvariantCulture, $"{fill.Side.ToWireName()} {fill.Quantity} reduces the {sideName} side, which is flat; nothing applied");
            return Outcome(fill, Reducing(book, closed: true), 0m, flatAnomaly, closed: 0);
        }

        ChargeCycle(feeAsset, fill.Fee, settlementCharge);
        if (size < held)
        {
            var realized = Exit(size, fill.Price, closesAll: false);
            return Outcome(fill, Reducing(book, closed: false), realized, anomaly: null, closed: 0);
        }

        // A hedge-mode side can never flip. A reduce larger than the side closes it and the excess is
        // reported; the fill stays in the log exactly as the venue sent it.
        string? anomaly = size > held
            ? string.Create(CultureInfo.InvariantCulture, $"{fill.Side.ToWireName()} {size} exceeds the {sideName} side of {held}; the side is closed and {size - held} is not applied")
            : null;
        var closeRealized = Exit(held, fill.Price, closesAll: true);
        return Outcome(fill, Reducing(book, closed: true), closeRealized, anomaly, CloseCycle(fill.Timestamp));
    }

    private static PositionAction Opening(PositionDirection direction, bool opened) => (direction, opened) switch
    {
        (PositionDirection.Long, true) => PositionAction.LongOpened,
        (PositionDirection.Long, false) => PositionAction.LongIncreased,
        (PositionDirection.Short, true) => PositionAction.ShortOpened,
        (PositionDirection.Short, false) => PositionAction.ShortIncreased,
        _ => throw new InvalidOperationException($"cannot open a {direction} position"),
    };

    private static PositionAction Reducing(PositionDirection direction, bool closed) => (direction, closed) switch
    {
        (PositionDirection.Long, false) => PositionAction.LongReduced,
        (PositionDirection.Long, true) => PositionAction.LongClosed,
        (PositionDirection.Short, false) => PositionAction.ShortReduced,
        (PositionDirection.Short, true) => PositionAction.ShortClosed,
        _ => throw new InvalidOperationException($"cannot reduce a {direction} position"),
    };

    private FillOutcome Outcome(in Fill fill, PositionAction action, decimal realized, string? anomaly, int closed) =>
        new(Key, action, realized, SignedQuantity, AverageEntryPrice, anomaly, this, closed);

    private void Enter(PositionDirection direction, decimal size, in Fill fill)
    {
        if (!IsOpen)
        {
            _cycle.Side = direction;
            _cycle.OpenedAt = fill.Timestamp;
        }

        _average = Blend(_average, Quantity, fill.Price, size);
        if (Instrument.Kind == InstrumentKind.Inverse)
        {
            // Linear cycle averages come exactly from the value sums when summarized; inverse ones would not
            // (x·m/p is rounded), so they are blended harmonically as they go.
            _cycle.AverageEntry = Blend(_cycle.AverageEntry, _cycle.EntryQuantity, fill.Price, size);
        }

        SignedQuantity += direction == PositionDirection.Long ? size : -size;
        _entries.Add(new PositionEntry(fill.Price, size, fill.Timestamp, fill.Side));
        _cycle.EntryQuantity += size;
        _cycle.EntryValue += Value(fill.Price, size);
        _cycle.Peak = Math.Max(_cycle.Peak, Quantity);
    }

    /// <summary>Takes <paramref name="size"/> off the position at <paramref name="price"/>; returns the realized PnL.</summary>
    private decimal Exit(decimal size, decimal price, bool closesAll)
    {
        var exitValue = Value(price, size);
        if (Instrument.Kind == InstrumentKind.Inverse)
        {
            _cycle.AverageExit = Blend(_cycle.AverageExit, _cycle.ExitQuantity, price, size);
        }

        _cycle.ExitQuantity += size;
        _cycle.ExitValue += exitValue;

        // A reduce realizes against the average; the close realizes the rest of the cycle's exact total.
        var realized = closesAll
            ? ExitPnl(Direction, _cycle.EntryValue, _cycle.ExitValue) - _cycle.Realized
            : ToAmountScale(ExitPnl(Direction, Value(_average, size), exitValue));

        SignedQuantity = closesAll ? 0m : SignedQuantity - (Direction == PositionDirection.Long ? size : -size);
        RealizedPnl += realized;
        _cycle.Realized += realized;
        return realized;
    }

    private decimal ExitPnl(PositionDirection direction, decimal basis, decimal exitValue) =>
        ContractValue.ExitPnl(Instrument, direction, basis, exitValue);

    private void ChargeCycle(string feeAsset, decimal fee, decimal settlementCharge)
    {
        _cycleFees.Add(feeAsset, fee);
        _cycle.SettlementFees += settlementCharge;
    }

    /// <summary>Ends the cycle in progress; returns its number (1-based), which <see cref="LastClosedCycle"/> describes.</summary>
    private int CloseCycle(DateTimeOffset? closedAt)
    {
        ClosedCycles++;
        _hasLastClosed = true;
        _lastClosed = _cycle;
        _lastClosedAt = closedAt ?? LastUpdate;
        (_lastClosedFees, _cycleFees) = (_cycleFees, _lastClosedFees);
        _cycleFees.Clear();
        _cycle = default;
        SignedQuantity = 0m;
        _average = 0m;
        _entries.Clear();
        return ClosedCycles;
    }

    private CycleSummary Summarize(in CycleTotals cycle, AssetTally fees, int number, DateTimeOffset? closedAt, bool isClosed)
    {
        var inverse = Instrument.Kind == InstrumentKind.Inverse;
        var entry = inverse ? cycle.AverageEntry : cycle.EntryValue / (cycle.EntryQuantity * Instrument.Multiplier);
        decimal? exit = cycle.ExitQuantity == 0m ? null
            : inverse ? cycle.AverageExit : cycle.ExitValue / (cycle.ExitQuantity * Instrument.Multiplier);
        decimal? realizedReturn = exit is { } e
            ? (cycle.Side == PositionDirection.Long ? (e - entry) / entry : (entry - e) / entry)
            : null;
        return new CycleSummary(
            Key,
            number,
            cycle.Side,
            cycle.OpenedAt,
            closedAt,
            isClosed,
            entry,
            exit,
            cycle.Peak,
            cycle.Realized,
            fees.ToList(),
            cycle.Realized - cycle.SettlementFees,
            realizedReturn);
    }

    private decimal SettlementCharge(string feeAsset, decimal fee, decimal? conversionPrice, bool spotBaseFee)
    {
        if (spotBaseFee)
        {
            return 0m; // paid in coins, already taken off the quantity; not charged to PnL
        }

        if (feeAsset == Instrument.SettlementAsset)
        {
            return fee;
        }

        return conversionPrice is { } price ? fee * price : 0m;
    }

    private void RecordCashFlow(in Fill fill, string feeAsset, decimal settlementCharge)
    {
        var (baseDelta, quoteDelta) = CashFlow.DeltaOf(Instrument, fill);
        _p1 += baseDelta;
        _p2 += quoteDelta;

        if (feeAsset == Instrument.BaseAsset)
        {
            _p1Fee += fill.Fee;
        }
        else if (feeAsset == Instrument.QuoteAsset)
        {
            _p2Fee += fill.Fee;
        }
        else if (Instrument.Kind == InstrumentKind.Inverse)
        {
            _p1Fee += settlementCharge;
        }
        else
        {
            _p2Fee += settlementCharge;
        }
    }

    private decimal Value(decimal price, decimal size) => ContractValue.Of(Instrument, price, size);

    private static decimal ToAmountScale(decimal value) => ContractValue.ToAmountScale(value);

    /// <summary>The average of <paramref name="quantity"/> at <paramref name="average"/> and <paramref name="size"/> more at <paramref name="price"/>.</summary>
    private decimal Blend(decimal average, decimal quantity, decimal price, decimal size)
    {
        if (quantity == 0m)
        {
            return price;
        }

        return Instrument.Kind == InstrumentKind.Inverse
            ? (quantity + size) / (quantity / average + size / price)
            : (average * quantity + price * size) / (quantity + size);
    }
}
