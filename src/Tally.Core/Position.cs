using System.Globalization;

namespace Tally.Core;

/// <summary>
/// The state of one position key, folded fill by fill with the weighted-average rules of DESIGN.md §2.
/// Owned by one <see cref="Ledger"/>; not thread safe.
/// </summary>
/// <remarks>
/// The position keeps its cost basis B rather than its average price, so a full cycle realizes exactly
/// Σ exit value − Σ entry value with no rounding left behind:
/// <list type="bullet">
/// <item>linear and spot: B = Σ p·x·m in quote; A = B / (q·m); a long's exit of x realizes p·x·m − B·x/q.</item>
/// <item>inverse: B = Σ x·m/p in base; A = q·m / B (the harmonic mean, as inverse venues average entries);
/// a long's exit realizes B·x/q − x·m/p = (1/A − 1/p)·x·m.</item>
/// </list>
/// Shorts mirror the sign. Reducing removes B·x/q, so A is unchanged; closing removes all of B.
/// Example (linear, m = 1): buy 1 @ 3000, buy 0.5 @ 3100 → B = 4550, A = 3033.33…; sell 0.5 @ 3200 realizes
/// 1600 − 4550·0.5/1.5 = 83.33…; sell 1 @ 3150 realizes 3150 − 3033.33… = 116.66…; together exactly 200.
/// </remarks>
public sealed class Position
{
    private readonly List<PositionEntry> _entries = [];
    private readonly AssetTally _fees = new();
    private readonly AssetTally _funding = new();

    // The cycle in progress. Kept as loose fields and reset in place so a warm position folds fills
    // without allocating; a summary object is created only when a cycle closes or is asked for.
    private readonly AssetTally _cycleFees = new();
    private PositionDirection _cycleSide;
    private DateTimeOffset? _cycleOpenedAt;
    private decimal _cycleEntryQuantity;
    private decimal _cycleEntryValue;
    private decimal _cycleExitQuantity;
    private decimal _cycleExitValue;
    private decimal _cyclePeak;
    private decimal _cycleRealized;
    private decimal _cycleSettlementFees;

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

    /// <summary>Cost basis of what is held: quote value for spot and linear, base value for inverse.</summary>
    public decimal CostBasis { get; private set; }

    /// <summary>Weighted-average entry price of what is held; null when flat.</summary>
    public decimal? AverageEntryPrice => IsOpen ? AveragePrice(CostBasis, Quantity) : null;

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
    public IReadOnlyList<PositionEntry> Entries => _entries;

    /// <summary>How many cycles have run from flat back to flat.</summary>
    public int ClosedCycles { get; private set; }

    /// <summary>Cycles closed plus the one in progress, if any.</summary>
    public int CycleCount => ClosedCycles + (IsOpen ? 1 : 0);

    public DateTimeOffset? OpenedAt => IsOpen ? _cycleOpenedAt : null;

    public DateTimeOffset? LastUpdate { get; private set; }

    /// <summary>Price PnL of what is held if it were closed at <paramref name="markPrice"/>.</summary>
    public decimal UnrealizedPnl(decimal markPrice)
    {
        if (!IsOpen)
        {
            return 0m;
        }

        var markValue = Value(markPrice, Quantity);
        return ExitPnl(Direction, CostBasis, markValue);
    }

    /// <summary>Value of what is held at <paramref name="markPrice"/>: quote for spot and linear, base for inverse.</summary>
    public decimal Notional(decimal markPrice) => IsOpen ? Value(markPrice, Quantity) : 0m;

    /// <summary>The cycle in progress, or null when flat.</summary>
    public CycleSummary? CurrentCycle() => IsOpen ? Summarize(closedAt: null) : null;

    /// <summary>A copy of the whole state, for a store to save.</summary>
    public PositionState Capture() => new(
        SignedQuantity,
        CostBasis,
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
            _cycleSide,
            _cycleOpenedAt,
            _cycleEntryQuantity,
            _cycleEntryValue,
            _cycleExitQuantity,
            _cycleExitValue,
            _cyclePeak,
            _cycleRealized,
            _cycleSettlementFees,
            _cycleFees.ToList()));

    internal void Restore(PositionState state)
    {
        SignedQuantity = state.SignedQuantity;
        CostBasis = state.CostBasis;
        RealizedPnl = state.RealizedPnl;
        SettlementFees = state.SettlementFees;
        Refill(_fees, state.Fees);
        Refill(_funding, state.Funding);
        _p1 = state.P1;
        _p2 = state.P2;
        _p1Fee = state.P1Fee;
        _p2Fee = state.P2Fee;
        ClosedCycles = state.ClosedCycles;
        LastUpdate = state.LastUpdate;
        _entries.Clear();
        _entries.AddRange(state.Entries);
        var cycle = state.Cycle;
        _cycleSide = cycle.Side;
        _cycleOpenedAt = cycle.OpenedAt;
        _cycleEntryQuantity = cycle.EntryQuantity;
        _cycleEntryValue = cycle.EntryValue;
        _cycleExitQuantity = cycle.ExitQuantity;
        _cycleExitValue = cycle.ExitValue;
        _cyclePeak = cycle.PeakQuantity;
        _cycleRealized = cycle.RealizedPnl;
        _cycleSettlementFees = cycle.SettlementFees;
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
        if (fill.Quantity <= 0m)
        {
            throw new ArgumentException($"fill {fill.TradeId}: quantity {fill.Quantity} is not positive", nameof(fill));
        }

        if (fill.Price <= 0m)
        {
            throw new ArgumentException($"fill {fill.TradeId}: price {fill.Price} is not positive", nameof(fill));
        }

        var feeAsset = fill.FeeAsset ?? Instrument.SettlementAsset;
        var delta = fill.SignedQuantity;
        var spotBaseFee = Instrument.Kind == InstrumentKind.Spot && feeAsset == Instrument.BaseAsset;
        if (spotBaseFee)
        {
            // A base-asset fee on spot is paid out of the coins themselves: a buy of 1 with a 0.001 fee
            // holds 0.999, a sell of 1 with a 0.001 fee gives up 1.001. The quantity change is the truth.
            delta -= fill.Fee;
            if (delta == 0m || Math.Sign(delta) != Math.Sign(fill.SignedQuantity))
            {
                throw new ArgumentException($"fill {fill.TradeId}: base-asset fee {fill.Fee} is not smaller than quantity {fill.Quantity}", nameof(fill));
            }
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
            return Outcome(fill, Opening(incoming, opened), 0m, anomaly: null, closed: null);
        }

        var direction = Direction;
        if (size < held)
        {
            ChargeCycle(feeAsset, fill.Fee, settlementCharge);
            var realized = Exit(size, fill.Price, closesAll: false);
            return Outcome(fill, Reducing(direction, closed: false), realized, anomaly: null, closed: null);
        }

        if (size == held)
        {
            ChargeCycle(feeAsset, fill.Fee, settlementCharge);
            var realized = Exit(size, fill.Price, closesAll: true);
            return Outcome(fill, Reducing(direction, closed: true), realized, anomaly: null, CloseCycle(fill.Timestamp));
        }

        // Flip: close what is held at p, open the rest at p the other way. The fee is split pro rata by
        // quantity (flip 3 against a long of 1 with fee 0.3: 0.1 closes the long, 0.2 opens the short),
        // except a spot base-asset fee, which already shrank the new leg and so belongs to it whole.
        var closeShare = spotBaseFee ? 0m : held / fill.Quantity;
        var closeFee = fill.Fee * closeShare;
        var closeCharge = settlementCharge * closeShare;
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
            return Outcome(fill, Opening(book, opened), 0m, anomaly: null, closed: null);
        }

        var held = Quantity;
        var sideName = fill.PositionSide.ToWireName();
        if (!IsOpen)
        {
            var flatAnomaly = string.Create(CultureInfo.InvariantCulture, $"{fill.Side.ToWireName()} {fill.Quantity} reduces the {sideName} side, which is flat; nothing applied");
            return Outcome(fill, Reducing(book, closed: true), 0m, flatAnomaly, closed: null);
        }

        ChargeCycle(feeAsset, fill.Fee, settlementCharge);
        if (size < held)
        {
            var realized = Exit(size, fill.Price, closesAll: false);
            return Outcome(fill, Reducing(book, closed: false), realized, anomaly: null, closed: null);
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

    private FillOutcome Outcome(in Fill fill, PositionAction action, decimal realized, string? anomaly, CycleSummary? closed) =>
        new(Key, action, realized, SignedQuantity, AverageEntryPrice, anomaly, closed);

    private void Enter(PositionDirection direction, decimal size, in Fill fill)
    {
        if (!IsOpen)
        {
            _cycleSide = direction;
            _cycleOpenedAt = fill.Timestamp;
        }

        var value = Value(fill.Price, size);
        CostBasis += value;
        SignedQuantity += direction == PositionDirection.Long ? size : -size;
        _entries.Add(new PositionEntry(fill.Price, size, fill.Timestamp, fill.Side));
        _cycleEntryQuantity += size;
        _cycleEntryValue += value;
        _cyclePeak = Math.Max(_cyclePeak, Quantity);
    }

    /// <summary>Takes <paramref name="size"/> off the position at <paramref name="price"/>; returns the realized PnL.</summary>
    private decimal Exit(decimal size, decimal price, bool closesAll)
    {
        var removed = closesAll ? CostBasis : CostBasis * size / Quantity;
        var exitValue = Value(price, size);
        var realized = ExitPnl(Direction, removed, exitValue);

        CostBasis -= removed;
        SignedQuantity = closesAll ? 0m : SignedQuantity - (Direction == PositionDirection.Long ? size : -size);
        RealizedPnl += realized;
        _cycleRealized += realized;
        _cycleExitQuantity += size;
        _cycleExitValue += exitValue;
        return realized;
    }

    /// <summary>PnL of leaving a position of basis <paramref name="basis"/> for <paramref name="exitValue"/>.</summary>
    private decimal ExitPnl(PositionDirection direction, decimal basis, decimal exitValue)
    {
        // Linear: a long gains when it sells for more quote than it paid. Inverse values are in base
        // (x·m/p), which shrink as the price rises, so the comparison turns round.
        var gainIfLong = Instrument.Kind == InstrumentKind.Inverse ? basis - exitValue : exitValue - basis;
        return direction == PositionDirection.Long ? gainIfLong : -gainIfLong;
    }

    private void ChargeCycle(string feeAsset, decimal fee, decimal settlementCharge)
    {
        _cycleFees.Add(feeAsset, fee);
        _cycleSettlementFees += settlementCharge;
    }

    private CycleSummary CloseCycle(DateTimeOffset? closedAt)
    {
        var summary = Summarize(closedAt ?? LastUpdate);
        ClosedCycles++;
        SignedQuantity = 0m;
        CostBasis = 0m;
        _entries.Clear();
        _cycleFees.Clear();
        _cycleSide = PositionDirection.Flat;
        _cycleOpenedAt = null;
        _cycleEntryQuantity = 0m;
        _cycleEntryValue = 0m;
        _cycleExitQuantity = 0m;
        _cycleExitValue = 0m;
        _cyclePeak = 0m;
        _cycleRealized = 0m;
        _cycleSettlementFees = 0m;
        return summary;
    }

    private CycleSummary Summarize(DateTimeOffset? closedAt)
    {
        var isClosed = !IsOpen || SignedQuantity == 0m;
        var entry = AveragePrice(_cycleEntryValue, _cycleEntryQuantity);
        decimal? exit = _cycleExitQuantity > 0m ? AveragePrice(_cycleExitValue, _cycleExitQuantity) : null;
        decimal? realizedReturn = exit is { } e
            ? (_cycleSide == PositionDirection.Long ? (e - entry) / entry : (entry - e) / entry)
            : null;
        return new CycleSummary(
            Key,
            ClosedCycles + 1,
            _cycleSide,
            _cycleOpenedAt,
            isClosed ? closedAt : null,
            isClosed,
            entry,
            exit,
            _cyclePeak,
            _cycleRealized,
            _cycleFees.ToList(),
            _cycleRealized - _cycleSettlementFees,
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

    private decimal Value(decimal price, decimal size) =>
        Instrument.Kind == InstrumentKind.Inverse
            ? size * Instrument.Multiplier / price
            : price * size * Instrument.Multiplier;

    private decimal AveragePrice(decimal value, decimal size) =>
        Instrument.Kind == InstrumentKind.Inverse
            ? size * Instrument.Multiplier / value
            : value / (size * Instrument.Multiplier);
}
