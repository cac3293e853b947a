namespace Tally.Core.Attribution;

/// <summary>
/// Who built each position and who earned what (DESIGN.md §3): a deterministic fold of fills and their
/// orders' purposes, kept beside a <see cref="Ledger"/>. Each fill is applied to the ledger first; the ledger's
/// quantity change (what it opened, reduced, closed or flipped) is then attributed to strategy positions.
/// Folding the same fills with the same purposes in the same order always gives the same state, so a replay
/// of the log reproduces the live book. Owned by one thread; not thread safe.
/// </summary>
/// <remarks>
/// <para>Exits: a fill placed to close strategy position X reduces X; one placed for strategy S reduces S's
/// open positions on the key oldest first; the rest (a fill nobody placed, or the excess beyond what its
/// owner holds) is spread over the key's open positions by the <see cref="AttributionPolicy"/>.</para>
/// <para>Money: an exit fill's value (p·q·m, or q·m/p for inverse) is split over the quantities it closed,
/// its fee likewise; the last share takes the remainder, so shares always add up to the fill's amount to the
/// last digit. Example (DESIGN §3): A buys 0.001 @ 45,000 (cost 45), B buys 0.002 @ 46,000 (cost 92); A's
/// take-profit sells 0.001 @ 48,000: A realizes 48 − 45 = +3.00 where the ledger realizes
/// (48,000 − 45,666.67)·0.001 = 2.33; B's stop sells 0.002 @ 44,000: B realizes 88 − 92 = −4.00; the cycle
/// realizes −1.00 either way.</para>
/// </remarks>
public sealed class AttributionBook
{
    /// <summary>The strategy of fills no order of ours explains (opened by hand on the venue).</summary>
    public const string ManualStrategy = "manual";

    private readonly Dictionary<PositionKey, KeyBook> _keys = [];
    private readonly Dictionary<(string Venue, string Account, string Symbol, string Id), StrategyPositionState> _byId = [];
    private readonly Dictionary<(string Venue, string Account, string Symbol, string Ref), int> _refUses = [];
    private readonly List<StrategyPositionState> _all = [];
    private readonly Dictionary<(string Venue, string Account, string Key), ExchangeState> _exchange = [];
    private readonly List<(string Venue, string Account, string Key)> _exchangeOrder = [];

    // Change tracking (see TakeChanged and LastApplied): what changed since the last TakeChanged, and what the last Apply did.
    private readonly List<StrategyPositionState> _changed = [];
    private readonly List<(string Venue, string Account, string Key)> _changedExchanges = [];
    private readonly HashSet<(string Venue, string Account, string Key)> _changedExchangeSet = [];
    private readonly List<(StrategyPositionState State, bool Opened, decimal Entered, decimal Exited)> _applied = [];

    // Exit's buffers, reused by every exit (the book is owned by one thread).
    private readonly List<StrategyPositionState> _open = [];
    private readonly List<decimal> _shares = [];
    private readonly List<int> _taken = [];

    public AttributionBook(AttributionPolicy policy = AttributionPolicy.Fifo)
    {
        Policy = policy;
    }

    public AttributionPolicy Policy { get; }

    /// <summary>
    /// Says why <paramref name="purpose"/> cannot be attributed for <paramref name="fill"/>, or null when it can.
    /// Nothing changes. <see cref="Apply"/> refuses exactly these.
    /// </summary>
    public string? Check(in Fill fill, OrderPurpose purpose)
    {
        ArgumentNullException.ThrowIfNull(purpose);
        switch (purpose)
        {
            case OrderPurpose.Entry entry:
                if (string.IsNullOrWhiteSpace(entry.StrategyId))
                {
                    return "the entry names no strategy";
                }

                if (string.IsNullOrWhiteSpace(entry.OrderRef))
                {
                    return "the entry names no order";
                }

                return null;
            case OrderPurpose.ExitPosition exit:
                if (!_byId.TryGetValue((fill.Venue, fill.Account, fill.Symbol, exit.StrategyPositionId), out var target))
                {
                    return $"strategy position {exit.StrategyPositionId} is unknown on {fill.Venue}/{fill.Account}/{fill.Symbol}";
                }

                return target.Key.PositionSide == fill.PositionSide
                    ? null
                    : $"strategy position {exit.StrategyPositionId} is on the {target.Key.PositionSide.ToWireName()} side, the fill on {fill.PositionSide.ToWireName()}";
            case OrderPurpose.ExitStrategy exit:
                return string.IsNullOrWhiteSpace(exit.StrategyId) ? "the exit names no strategy" : null;
            case OrderPurpose.Unplaced:
                return null;
        }

        throw Unknown(purpose);
    }

    // OrderPurpose's constructor is private: its four cases are all there is.
    private static ArgumentOutOfRangeException Unknown(OrderPurpose purpose) =>
        new(nameof(purpose), purpose, "unknown order purpose");

    /// <summary>Applies <paramref name="fill"/> to <paramref name="ledger"/>, then attributes what it did.</summary>
    /// <exception cref="ArgumentException">The ledger refuses the fill, or <see cref="Check"/> refuses the purpose; nothing changed.</exception>
    public FillOutcome Apply(Ledger ledger, in Fill fill, OrderPurpose purpose)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        if (Check(fill, purpose) is { } refusal)
        {
            throw new ArgumentException($"fill {fill.TradeId}: {refusal}", nameof(purpose));
        }

        _applied.Clear();
        var before = ledger.Find(fill.Key);
        var signedBefore = before?.SignedQuantity ?? 0m;
        var chargeBefore = before?.SettlementFees ?? 0m;
        var outcome = ledger.Apply(fill);
        var position = outcome.Position;
        var instrument = position.Instrument;
        var feeAsset = fill.FeeAsset ?? instrument.SettlementAsset;
        var charge = position.SettlementFees - chargeBefore;
        var book = Book(fill.Key);

        // What the fill did, read off the ledger's quantities (the ledger owns every rule of what a fill
        // does: spot base-asset fees, hedge over-reduces, flips).
        var held = Math.Abs(signedBefore);
        var after = outcome.SignedQuantityAfter;
        var flips = signedBefore != 0m && after != 0m && Math.Sign(after) != Math.Sign(signedBefore);
        var exitQuantity = signedBefore == 0m ? 0m
            : flips || after == 0m ? held
            : Math.Max(held - Math.Abs(after), 0m);
        var entryQuantity = flips ? Math.Abs(after) : Math.Max(Math.Abs(after) - held, 0m);

        if (exitQuantity == 0m && entryQuantity == 0m)
        {
            // A hedge-mode reduce on a flat side: the ledger applied nothing but still books the fee.
            book.UnattributedFees.Add(feeAsset, fill.Fee);
            book.UnattributedCharge += charge;
            return outcome;
        }

        var spotBaseFee = FillRules.IsSpotBaseFee(fill, instrument);
        var (closeFee, closeCharge) = (exitQuantity, entryQuantity) switch
        {
            (0m, _) => (0m, 0m),
            (_, 0m) => (fill.Fee, charge),
            _ => (ContractValue.FlipCloseShare(fill.Fee, held, fill.Quantity, spotBaseFee), ContractValue.FlipCloseShare(charge, held, fill.Quantity, spotBaseFee)),
        };

        if (exitQuantity > 0m)
        {
            var direction = signedBefore > 0m ? PositionDirection.Long : PositionDirection.Short;
            Exit(book, fill, purpose, instrument, exitQuantity, feeAsset, closeFee, closeCharge);
            if (after == 0m || flips)
            {
                EndCycle(book, fill.Key, direction);
            }
        }

        if (entryQuantity > 0m)
        {
            var direction = after > 0m ? PositionDirection.Long : PositionDirection.Short;
            Enter(book, fill, purpose, instrument, direction, position.CycleCount, entryQuantity, feeAsset, fill.Fee - closeFee, charge - closeCharge);
        }

        if (position.IsOpen)
        {
            UpdateOpenExchange(book, position);
        }

        return outcome;
    }

    /// <summary>
    /// Books a funding payment (+ received, − paid) on the ledger and splits it over the key's open strategy
    /// positions by open quantity at that moment (the last takes the remainder). With nothing open it stays
    /// unattributed on the key.
    /// </summary>
    public void ApplyFunding(Ledger ledger, PositionKey key, decimal amount, string asset, DateTimeOffset? at)
    {
        ArgumentNullException.ThrowIfNull(ledger);
        ledger.ApplyFunding(key, amount, asset, at);
        var book = Book(key);
        var open = book.Cycle.Where(p => p.IsOpen).ToList();
        if (open.Count == 0)
        {
            book.UnattributedFunding.Add(asset, amount);
            return;
        }

        var total = open.Sum(p => p.OpenQuantity);
        var given = 0m;
        for (var i = 0; i < open.Count; i++)
        {
            var share = i == open.Count - 1 ? amount - given : ContractValue.ToAmountScale(amount * open[i].OpenQuantity / total);
            open[i].Fund(asset, share);
            Changed(open[i]);
            given += share;
        }
    }

    /// <summary>True when <paramref name="strategy"/> holds an open strategy position on <paramref name="key"/>.</summary>
    public bool HoldsOpen(PositionKey key, string strategy) =>
        _keys.TryGetValue(key, out var book) && book.Cycle.Exists(p => p.IsOpen && p.StrategyId == strategy);

    /// <summary>
    /// What the last <see cref="Apply"/> did to strategy positions, in the order it touched them (exits first, then
    /// the entry): each position's snapshot after the fill, whether the fill opened it, and the quantity it entered
    /// and exited. Empty when the fill changed nothing to attribute.
    /// </summary>
    public IReadOnlyList<StrategyPositionChange> LastApplied =>
        [.. _applied.Select(a => new StrategyPositionChange(a.State.Snapshot(), a.Opened, a.Entered, a.Exited))];

    /// <summary>
    /// Snapshots of the strategy positions and exchange positions changed (by fills or funding) since the last call,
    /// each once, in the order first changed; then starts tracking afresh. Lets a store write only what moved.
    /// </summary>
    public (IReadOnlyList<StrategyPosition> Positions, IReadOnlyList<ExchangePosition> ExchangePositions) TakeChanged()
    {
        var positions = new List<StrategyPosition>(_changed.Count);
        foreach (var p in _changed)
        {
            positions.Add(p.Snapshot());
            p.Tracked = false;
        }

        var exchanges = _changedExchanges.Select(k => _exchange[k].Snapshot(k)).ToList();
        _changed.Clear();
        _changedExchanges.Clear();
        _changedExchangeSet.Clear();
        return (positions, exchanges);
    }

    /// <summary>Every strategy position, in the order they were opened.</summary>
    public IReadOnlyList<StrategyPosition> StrategyPositions() => [.. _all.Select(p => p.Snapshot())];

    /// <summary>The strategy position <paramref name="id"/> on that venue, account and symbol, or null.</summary>
    public StrategyPosition? Find(string venue, string account, string symbol, string id) =>
        _byId.TryGetValue((venue, account, symbol, id), out var state) ? state.Snapshot() : null;

    /// <summary>Every contribution (one per strategy position), in the order they were made.</summary>
    public IReadOnlyList<Contribution> Contributions() => [.. _all.Select(p => Contribution.Of(p.Snapshot()))];

    /// <summary>Every exchange position seen, open or closed, in the order first seen.</summary>
    public IReadOnlyList<ExchangePosition> ExchangePositions() => [.. _exchangeOrder.Select(k => _exchange[k].Snapshot(k))];

    /// <summary>Fees of fills that changed nothing to attribute (a hedge-mode reduce on a flat side).</summary>
    public IReadOnlyList<AssetAmount> UnattributedFees(PositionKey key) => _keys.TryGetValue(key, out var book) ? book.UnattributedFees.ToList() : [];

    /// <summary>The settlement-asset part of <see cref="UnattributedFees"/>, as the ledger charges it.</summary>
    public decimal UnattributedSettlementFees(PositionKey key) => _keys.TryGetValue(key, out var book) ? book.UnattributedCharge : 0m;

    /// <summary>Funding booked while the key had no open strategy position.</summary>
    public IReadOnlyList<AssetAmount> UnattributedFunding(PositionKey key) => _keys.TryGetValue(key, out var book) ? book.UnattributedFunding.ToList() : [];

    private KeyBook Book(PositionKey key)
    {
        if (!_keys.TryGetValue(key, out var book))
        {
            book = new KeyBook();
            _keys.Add(key, book);
        }

        return book;
    }

    private void Exit(KeyBook book, in Fill fill, OrderPurpose purpose, Instrument instrument, decimal quantity, string feeAsset, decimal fee, decimal charge)
    {
        var reason = purpose switch
        {
            OrderPurpose.Entry => CloseReason.OppositeSignal,
            OrderPurpose.ExitPosition exit => exit.Reason,
            OrderPurpose.ExitStrategy exit => exit.Reason,
            OrderPurpose.Unplaced unplaced => unplaced.Reason,
            _ => throw Unknown(purpose),
        };

        // The key's open positions, oldest first, each with the quantity this exit takes from it (shares[i] for
        // open[i]); taken lists them in the order first taken, the order the money is split in. Buffers reused per exit.
        var open = _open;
        var shares = _shares;
        var taken = _taken;
        open.Clear();
        shares.Clear();
        taken.Clear();
        foreach (var p in book.Cycle)
        {
            if (p.IsOpen)
            {
                open.Add(p);
                shares.Add(0m);
            }
        }

        var left = quantity;

        // 1. What the order names: one strategy position, or the strategy's positions oldest first.
        switch (purpose)
        {
            case OrderPurpose.ExitPosition exit:
                for (var i = 0; i < open.Count; i++)
                {
                    if (open[i].Id == exit.StrategyPositionId)
                    {
                        left -= Take(i, Math.Min(left, open[i].OpenQuantity));
                    }
                }

                break;
            case OrderPurpose.ExitStrategy exit:
                for (var i = 0; i < open.Count; i++)
                {
                    if (open[i].StrategyId == exit.StrategyId)
                    {
                        left -= Take(i, Math.Min(left, open[i].OpenQuantity));
                    }
                }

                break;
            case OrderPurpose.Entry or OrderPurpose.Unplaced:
                break;
            default:
                throw Unknown(purpose);
        }

        // 2. The rest by the policy, over what is still open.
        if (left > 0m)
        {
            switch (Policy)
            {
                case AttributionPolicy.Fifo:
                    for (var i = 0; i < open.Count; i++)
                    {
                        left -= Take(i, Math.Min(left, Remaining(i)));
                    }

                    break;
                case AttributionPolicy.ProRata:
                    var remaining = 0m;
                    for (var i = 0; i < open.Count; i++)
                    {
                        remaining += Remaining(i);
                    }

                    var toSpread = left;
                    for (var i = 0; i < open.Count; i++)
                    {
                        // Shares are cut to 18 places (never up), so none exceeds what its position holds;
                        // what the cutting leaves is taken oldest first below.
                        var share = Math.Min(Remaining(i), Math.Round(toSpread * Remaining(i) / remaining, ContractValue.AmountScale, MidpointRounding.ToZero));
                        left -= Take(i, share);
                    }

                    for (var i = 0; i < open.Count; i++)
                    {
                        left -= Take(i, Math.Min(left, Remaining(i)));
                    }

                    break;
            }
        }

        if (left > 0m)
        {
            throw new InvalidOperationException($"{fill.Key}: exit of {quantity} exceeds the open strategy positions by {left}; the book no longer matches the ledger");
        }

        // 3. Money: the fill's exit value and fee split over the quantities closed, the last share taking the remainder.
        var exitValue = ContractValue.Of(instrument, fill.Price, quantity);
        var (valueGiven, feeGiven, chargeGiven) = (0m, 0m, 0m);
        for (var i = 0; i < taken.Count; i++)
        {
            var (position, q) = (open[taken[i]], shares[taken[i]]);
            var last = i == taken.Count - 1;
            var value = last ? exitValue - valueGiven : ContractValue.Of(instrument, fill.Price, q);
            var feeShare = last ? fee - feeGiven : ContractValue.ToAmountScale(fee * q / quantity);
            var chargeShare = last ? charge - chargeGiven : ContractValue.ToAmountScale(charge * q / quantity);
            position.Exit(q, value, reason, fill.Timestamp);
            position.Charge(feeAsset, feeShare, chargeShare);
            Record(position, opened: false, entered: 0m, exited: q);
            (valueGiven, feeGiven, chargeGiven) = (valueGiven + value, feeGiven + feeShare, chargeGiven + chargeShare);
        }

        decimal Remaining(int i) => open[i].OpenQuantity - shares[i];

        decimal Take(int i, decimal q)
        {
            if (q > 0m)
            {
                if (shares[i] == 0m)
                {
                    taken.Add(i);
                }

                shares[i] += q;
            }

            return Math.Max(q, 0m);
        }
    }

    private void Enter(KeyBook book, in Fill fill, OrderPurpose purpose, Instrument instrument, PositionDirection direction, int cycle, decimal quantity, string feeAsset, decimal fee, decimal charge)
    {
        var fallbackRef = fill.OrderId ?? fill.TradeId;
        var (strategy, orderRef, takeProfit, stopLoss) = purpose switch
        {
            OrderPurpose.Entry entry => (entry.StrategyId, entry.OrderRef, entry.TakeProfit, entry.StopLoss),
            OrderPurpose.ExitPosition exit => (_byId.TryGetValue((fill.Venue, fill.Account, fill.Symbol, exit.StrategyPositionId), out var owner) ? owner.StrategyId : ManualStrategy, fallbackRef, null, null),
            OrderPurpose.ExitStrategy exit => (exit.StrategyId, fallbackRef, exit.TakeProfit, exit.StopLoss),
            OrderPurpose.Unplaced => (ManualStrategy, fallbackRef, null, null),
            _ => throw Unknown(purpose),
        };

        // Fills of one entry order accumulate into one strategy position while it is open in this cycle;
        // an order reference seen again after its position closed starts a new one (REF#2, REF#3 …).
        var opened = false;
        var currentId = CurrentId(fill, orderRef);
        StrategyPositionState? position = null;
        for (var i = book.Cycle.Count - 1; i >= 0; i--)
        {
            var p = book.Cycle[i];
            if (p.IsOpen && p.Id == currentId && p.StrategyId == strategy)
            {
                position = p;
                break;
            }
        }

        if (position is null)
        {
            var refKey = (fill.Venue, fill.Account, fill.Symbol, orderRef);
            var uses = _refUses.GetValueOrDefault(refKey) + 1;
            _refUses[refKey] = uses;
            var id = uses == 1 ? orderRef : $"{orderRef}#{uses}";
            position = new StrategyPositionState(id, strategy, fill.Key, instrument, direction, cycle, book.Cycle.Count + 1)
            {
                TakeProfit = takeProfit,
                StopLoss = stopLoss,
            };
            book.Cycle.Add(position);
            book.Composition++;
            _byId[(fill.Venue, fill.Account, fill.Symbol, id)] = position;
            _all.Add(position);
            opened = true;
        }

        position.Enter(quantity, ContractValue.Of(instrument, fill.Price, quantity), fill.Timestamp);
        position.Charge(feeAsset, fee, charge);
        if (purpose is OrderPurpose.Entry { } fractions)
        {
            // Levels given as fractions follow the weighted entry price: long TP above, SL below; a short mirrors.
            var sign = direction == PositionDirection.Long ? 1m : -1m;
            if (fractions.TakeProfit is null && fractions.TakeProfitPct is { } tp)
            {
                position.TakeProfit = position.EntryPrice * (1m + (sign * tp));
            }

            if (fractions.StopLoss is null && fractions.StopLossPct is { } sl)
            {
                position.StopLoss = position.EntryPrice * (1m - (sign * sl));
            }
        }

        Record(position, opened, entered: quantity, exited: 0m);
    }

    private void Record(StrategyPositionState position, bool opened, decimal entered, decimal exited)
    {
        Changed(position);
        var at = _applied.FindIndex(a => ReferenceEquals(a.State, position));
        if (at < 0)
        {
            _applied.Add((position, opened, entered, exited));
        }
        else
        {
            var was = _applied[at];
            _applied[at] = (position, was.Opened || opened, was.Entered + entered, was.Exited + exited);
        }
    }

    private void Changed(StrategyPositionState position)
    {
        if (!position.Tracked)
        {
            position.Tracked = true;
            _changed.Add(position);
        }
    }

    private string CurrentId(in Fill fill, string orderRef)
    {
        var uses = _refUses.GetValueOrDefault((fill.Venue, fill.Account, fill.Symbol, orderRef));
        return uses <= 1 ? orderRef : $"{orderRef}#{uses}";
    }

    private void EndCycle(KeyBook book, PositionKey key, PositionDirection direction)
    {
        var exchange = Exchange(key, direction);
        exchange.Quantity = 0m;
        exchange.Average = null;
        exchange.IsOpen = false;
        book.Cycle = [];
        book.Composition++;
    }

    private void UpdateOpenExchange(KeyBook book, Position position)
    {
        var exchange = Exchange(position.Key, position.Direction);
        exchange.Quantity = position.Quantity;
        exchange.Average = position.AverageEntryPrice;
        exchange.IsOpen = true;
        if (!ReferenceEquals(book, exchange.From) || book.Composition != exchange.Composition)
        {
            // Only a new contribution or a new cycle changes who built it: not recomputed on every fill.
            exchange.Strategies = [.. book.Cycle.Select(p => p.StrategyId).Distinct(StringComparer.Ordinal)];
            exchange.Contributions = book.Cycle.Count;
            exchange.Composition = book.Composition;
            exchange.From = book;
        }
    }

    private ExchangeState Exchange(PositionKey key, PositionDirection direction)
    {
        var id = (key.Venue, key.Account, ExchangePosition.KeyOf(key.Symbol, direction));
        if (!_exchange.TryGetValue(id, out var state))
        {
            state = new ExchangeState(key.Symbol, direction);
            _exchange.Add(id, state);
            _exchangeOrder.Add(id);
        }

        if (_changedExchangeSet.Add(id))
        {
            _changedExchanges.Add(id);
        }

        return state;
    }

    /// <summary>Per ledger key: the strategy positions of the cycle in progress, oldest first, and what could not be attributed.</summary>
    private sealed class KeyBook
    {
        public List<StrategyPositionState> Cycle { get; set; } = [];

        /// <summary>Moves on whenever a contribution joins the cycle or the cycle ends.</summary>
        public long Composition { get; set; }

        public AssetTally UnattributedFees { get; } = new();

        public decimal UnattributedCharge { get; set; }

        public AssetTally UnattributedFunding { get; } = new();
    }

    private sealed class ExchangeState(string symbol, PositionDirection side)
    {
        public decimal Quantity { get; set; }

        public decimal? Average { get; set; }

        public bool IsOpen { get; set; }

        public IReadOnlyList<string> Strategies { get; set; } = [];

        public int Contributions { get; set; }

        /// <summary>The key book (and its composition) its strategies and contributions were taken from.</summary>
        public KeyBook? From { get; set; }

        public long Composition { get; set; }

        public ExchangePosition Snapshot((string Venue, string Account, string Key) id) =>
            new(id.Venue, id.Account, id.Key, symbol, side, Quantity, Average, Strategies, Contributions, IsOpen);
    }
}
