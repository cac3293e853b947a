using Tally.Cli.Replay;
using Tally.Core;
using Tally.Core.Attribution;
using Tally.Core.Risk;
using Tally.Import;

namespace Tally.Cli.Risk;

/// <summary>
/// <c>tally risk replay</c>'s fold: ticks and fills in time order (a fill before a tick of the same time) through
/// one <see cref="RiskSimulation"/>, whose exits are filled at the triggering price and folded back.
/// </summary>
/// <remarks>
/// The fill file records what happened without the risk rules, so its later exits may name positions the rules
/// already closed. Each row's purpose is read as <c>tally replay</c> reads it, from a shadow fold of the file alone
/// (the history); in the simulation a row then exits at most what its target still holds (the strategy position it
/// names, else its key): a row whose target the rules closed is skipped, one they partly closed is folded with
/// what is left (fee pro rata), and what a flipping row opens is opened as recorded. Every such row is reported.
/// Since the rules only ever close, the simulation never holds more on a key than the history did.
/// </remarks>
public static class RiskReplayRunner
{
    public static RiskReplayResult Run(
        IReadOnlyList<(int Line, RiskTick Tick)> ticks,
        IReadOnlyList<ParsedFill> fills,
        InstrumentCatalog instruments,
        RiskSettings settings,
        decimal balance,
        decimal feeRate,
        Action<int>? progress = null)
    {
        var orderedTicks = ticks.OrderBy(t => t.Tick.At).ToList(); // stable: file order among equal times
        var orderedFills = fills.ToList();
        orderedFills.Sort((a, b) => VenueOrder.Compare(a.Fill, a.Line, b.Fill, b.Line));

        var start = new[] { orderedTicks.FirstOrDefault().Tick.At, orderedFills.FirstOrDefault()?.Fill.Timestamp ?? default }
            .Where(t => t != default).DefaultIfEmpty(DateTimeOffset.UnixEpoch).Min();
        var sim = new RiskSimulation(settings, instruments, balance, start, feeRate: feeRate);
        var shadowLedger = new Ledger(instruments);
        var shadowBook = new AttributionBook();
        var adjusted = new List<AdjustedFill>();

        int t = 0, f = 0, done = 0;
        while (t < orderedTicks.Count || f < orderedFills.Count)
        {
            if (f < orderedFills.Count && (t == orderedTicks.Count || orderedFills[f].Fill.Timestamp <= orderedTicks[t].Tick.At))
            {
                var row = orderedFills[f++];
                RowError? error;
                try
                {
                    error = Fold(row, sim, shadowLedger, shadowBook, adjusted);
                }
                catch (Exception e) when (e is ArgumentException or OverflowException)
                {
                    // The simulation refused what the history accepted: say which row rather than fail.
                    error = new RowError(row.Line, "row", row.Fill.TradeId, $"cannot be folded after the risk rules' exits: {e.Message}");
                }

                if (error is not null)
                {
                    return new RiskReplayResult(null, ticks.Count, fills.Count, adjusted, error);
                }
            }
            else
            {
                sim.OnTick(orderedTicks[t++].Tick);
            }

            if (++done % 10_000 == 0)
            {
                progress?.Invoke(done);
            }
        }

        progress?.Invoke(done);
        return new RiskReplayResult(sim, ticks.Count, fills.Count, adjusted);
    }

    private static RowError? Fold(ParsedFill row, RiskSimulation sim, Ledger shadowLedger, AttributionBook shadowBook, List<AdjustedFill> adjusted)
    {
        var fill = row.Fill;
        var purpose = ReplayRunner.PurposeOf(row, shadowLedger, shadowBook);
        if (shadowBook.Check(fill, purpose) is not null)
        {
            return new RowError(row.Line, "strategy_position", row.Intent?.StrategyPosition ?? string.Empty,
                $"names no entry before it on {fill.Symbol} {fill.PositionSide.ToWireName()} (an entry's order_id, or its trade_id when it has none)");
        }

        // What the row did in the history: how much it exited and how much it opened (the book's own reading).
        var held = Math.Abs(shadowLedger.Find(fill.Key)?.SignedQuantity ?? 0m);
        var signedBefore = shadowLedger.Find(fill.Key)?.SignedQuantity ?? 0m;
        FillOutcome history;
        try
        {
            history = shadowBook.Apply(shadowLedger, fill, purpose);
        }
        catch (Exception e) when (e is ArgumentException or OverflowException)
        {
            return new RowError(row.Line, "row", fill.TradeId, e.Message);
        }

        var after = history.SignedQuantityAfter;
        var flips = signedBefore != 0m && after != 0m && Math.Sign(after) != Math.Sign(signedBefore);
        var exitQuantity = signedBefore == 0m ? 0m : flips || after == 0m ? held : Math.Max(held - Math.Abs(after), 0m);
        var entryQuantity = flips ? Math.Abs(after) : Math.Max(Math.Abs(after) - held, 0m);

        if (exitQuantity == 0m)
        {
            sim.ApplyFill(fill, purpose);
            return null;
        }

        var simHeld = Math.Abs(sim.Ledger.Find(fill.Key)?.SignedQuantity ?? 0m);
        var target = purpose is OrderPurpose.ExitPosition named
            ? sim.Book.Find(fill.Venue, fill.Account, fill.Symbol, named.StrategyPositionId)?.OpenQuantity ?? 0m
            : simHeld;
        var exitPart = Math.Min(exitQuantity, Math.Min(target, simHeld));
        if (exitPart < exitQuantity)
        {
            adjusted.Add(new AdjustedFill(row.Line, fill.TradeId, exitQuantity, exitPart, exitPart == 0m
                ? "its exit was skipped: the risk rules had already closed what it exits"
                : "its exit was cut to what the risk rules left open"));
        }

        if (exitPart == exitQuantity && entryQuantity == 0m)
        {
            sim.ApplyFill(fill, purpose);
            return null;
        }

        var entryFee = entryQuantity == 0m ? 0m : ContractValue.ToAmountScale(fill.Fee * entryQuantity / fill.Quantity);
        if (exitPart > 0m)
        {
            sim.ApplyFill(fill with { Quantity = exitPart, Fee = ContractValue.ToAmountScale(fill.Fee * exitPart / fill.Quantity), TradeId = entryQuantity > 0m ? fill.TradeId + ":exit" : fill.TradeId }, purpose);
        }

        if (entryQuantity > 0m)
        {
            sim.ApplyFill(fill with { Quantity = entryQuantity, Fee = entryFee }, purpose);
        }

        return null;
    }
}
