namespace Tally.Core.Reconciliation;

/// <summary>
/// The reconciliation rules (DESIGN.md §6): the ledger's open positions of one account against the exchange's, key by
/// key (symbol, position side), each classified and, where a fill can fix it, given the adjustment fills that make the
/// ledger equal the exchange. Adjustments keep the fill log the source of truth: they are fills like any other, so a
/// replay of the log reproduces the corrected state.
/// </summary>
/// <remarks>
/// <para>Adjustments, with local (q, A) and exchange (q′, A′) signed quantities and entries:</para>
/// <list type="bullet">
/// <item>missing_local: open |q′| at A′.</item>
/// <item>missing_exchange: close |q| at A (no realized PnL: the exit price is not known, so none is invented).</item>
/// <item>quantity_mismatch, same direction, growing: add x = |q′| − |q| at p = (A′·|q′| − A·|q|) / x, the price that
/// makes the average A′ (A′ itself when that p is not positive).</item>
/// <item>quantity_mismatch, same direction, shrinking: reduce by x at A (no realized PnL; the average stays A).</item>
/// <item>quantity_mismatch, opposite directions (one-way mode): close |q| at A, then open |q′| at A′.</item>
/// <item>price_mismatch: none. Only a fill moves the average, and any fill would also move quantity or invent PnL.</item>
/// </list>
/// </remarks>
public static class Reconciliation
{
    /// <summary>Trade ids of adjustment fills start with this; no venue trade id does.</summary>
    public const string TradeIdPrefix = "reconcile-";

    /// <summary>
    /// Every key either side holds, sorted by symbol then position side, with its finding (in-sync keys included).
    /// Rows with quantity 0 count as absent; several rows for one key are refused.
    /// </summary>
    /// <exception cref="ArgumentException">A key appears twice on one side, or a held row has a non-positive entry price.</exception>
    public static IReadOnlyList<ReconcileFinding> Compare(IReadOnlyList<ReconcileRow> local, IReadOnlyList<ReconcileRow> exchange, ReconcileSettings settings)
    {
        ArgumentNullException.ThrowIfNull(local);
        ArgumentNullException.ThrowIfNull(exchange);
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentOutOfRangeException.ThrowIfNegative(settings.PriceTolerance);
        var mine = Held(local, nameof(local));
        var theirs = Held(exchange, nameof(exchange));
        return [.. mine.Keys.Union(theirs.Keys)
            .OrderBy(k => k.Symbol, StringComparer.Ordinal)
            .ThenBy(k => k.Side)
            .Select(k => Classify(k.Symbol, k.Side, mine.GetValueOrDefault(k), theirs.GetValueOrDefault(k), settings))];
    }

    /// <summary>The finding for one key; <paramref name="local"/> or <paramref name="exchange"/> null (or flat) when that side holds nothing.</summary>
    public static ReconcileFinding Classify(string symbol, PositionSide side, ReconcileRow? local, ReconcileRow? exchange, ReconcileSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        local = local is { SignedQuantity: not 0m } ? local : null;
        exchange = exchange is { SignedQuantity: not 0m } ? exchange : null;
        switch (local, exchange)
        {
            case (null, null):
                return new ReconcileFinding(symbol, side, ReconcileKind.InSync, null, null, [], 0m, null);
            case (null, { } e):
                return new ReconcileFinding(symbol, side, ReconcileKind.MissingLocal, null, e, [Open(e.SignedQuantity, e.EntryPrice, 1)], e.SignedQuantity, e.EntryPrice);
            case ({ } l, null):
                return new ReconcileFinding(symbol, side, ReconcileKind.MissingExchange, l, null, [Close(l.SignedQuantity, l.EntryPrice, 1)], 0m, null);
            case ({ } l, { } e) when l.SignedQuantity == e.SignedQuantity:
                var kind = Math.Abs(l.EntryPrice - e.EntryPrice) <= settings.PriceTolerance * e.EntryPrice ? ReconcileKind.InSync : ReconcileKind.PriceMismatch;
                return new ReconcileFinding(symbol, side, kind, l, e, [], l.SignedQuantity, l.EntryPrice);
            case ({ } l, { } e) when Math.Sign(l.SignedQuantity) != Math.Sign(e.SignedQuantity):
                return new ReconcileFinding(symbol, side, ReconcileKind.QuantityMismatch, l, e, [Close(l.SignedQuantity, l.EntryPrice, 1), Open(e.SignedQuantity, e.EntryPrice, 2)], e.SignedQuantity, e.EntryPrice);
            case ({ } l, { } e):
                return Resize(symbol, side, l, e);
        }
    }

    /// <summary>The synthetic fill of one adjustment: no fee, no order, no client order id; trade id <c>reconcile-&lt;unix ms&gt;-&lt;symbol&gt;-&lt;side&gt;-&lt;leg&gt;</c>.</summary>
    public static Fill AdjustmentFill(string venue, string account, ReconcileFinding finding, ReconcileAdjustment adjustment, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(finding);
        ArgumentNullException.ThrowIfNull(adjustment);
        var id = FormattableString.Invariant($"{TradeIdPrefix}{at.ToUnixTimeMilliseconds()}-{finding.Symbol}-{finding.PositionSide.ToWireName()}-{adjustment.Leg}");
        return new Fill(venue, account, finding.Symbol, adjustment.Side, finding.PositionSide, adjustment.Quantity, adjustment.Price, 0m, null, id, at);
    }

    /// <summary>True for a fill reconciliation booked (<see cref="AdjustmentFill"/>).</summary>
    public static bool IsAdjustment(in Fill fill) => fill.TradeId.StartsWith(TradeIdPrefix, StringComparison.Ordinal) && fill.ClientOrderId is null;

    private static ReconcileFinding Resize(string symbol, PositionSide side, ReconcileRow l, ReconcileRow e)
    {
        var (held, wanted) = (Math.Abs(l.SignedQuantity), Math.Abs(e.SignedQuantity));
        var buy = (e.SignedQuantity > 0m) == (wanted > held); // growing a long or shrinking a short buys
        if (wanted < held)
        {
            return new ReconcileFinding(symbol, side, ReconcileKind.QuantityMismatch, l, e, [new ReconcileAdjustment(buy ? Side.Buy : Side.Sell, held - wanted, l.EntryPrice, 1)], e.SignedQuantity, l.EntryPrice);
        }

        var added = wanted - held;
        var price = ((e.EntryPrice * wanted) - (l.EntryPrice * held)) / added;
        if (price <= 0m)
        {
            price = e.EntryPrice;
        }

        var average = ((l.EntryPrice * held) + (price * added)) / wanted;
        return new ReconcileFinding(symbol, side, ReconcileKind.QuantityMismatch, l, e, [new ReconcileAdjustment(buy ? Side.Buy : Side.Sell, added, price, 1)], e.SignedQuantity, average);
    }

    private static ReconcileAdjustment Open(decimal signed, decimal price, int leg) => new(signed > 0m ? Side.Buy : Side.Sell, Math.Abs(signed), price, leg);

    private static ReconcileAdjustment Close(decimal signed, decimal price, int leg) => new(signed > 0m ? Side.Sell : Side.Buy, Math.Abs(signed), price, leg);

    private static Dictionary<(string Symbol, PositionSide Side), ReconcileRow> Held(IReadOnlyList<ReconcileRow> rows, string name)
    {
        var held = new Dictionary<(string, PositionSide), ReconcileRow>();
        foreach (var row in rows)
        {
            ArgumentNullException.ThrowIfNull(row, name);
            if (row.SignedQuantity == 0m)
            {
                continue;
            }

            if (row.EntryPrice <= 0m)
            {
                throw new ArgumentException($"{row.Symbol} {row.PositionSide.ToWireName()}: entry price {row.EntryPrice} is not positive", name);
            }

            if (!held.TryAdd((row.Symbol, row.PositionSide), row))
            {
                throw new ArgumentException($"{row.Symbol} {row.PositionSide.ToWireName()} appears twice", name);
            }
        }

        return held;
    }
}
