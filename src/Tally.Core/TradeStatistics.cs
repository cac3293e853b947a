namespace Tally.Core;

/// <summary>
/// Trading statistics for one symbol over a period. Wins and losses are counted per fill that realized
/// PnL (a reduce, close or flip): positive is a win, negative a loss, zero neither.
/// </summary>
public sealed record TradeStatistics(
    string Symbol,
    DateTimeOffset? Since,
    int Count,
    int Buys,
    int Sells,
    decimal Volume,
    decimal Notional,
    IReadOnlyList<AssetAmount> Fees,
    decimal RealizedPnl,
    int Wins,
    int Losses,
    decimal? WinRate,
    decimal? AverageWin,
    decimal? AverageLoss,
    decimal? LargestWin,
    decimal? LargestLoss)
{
    /// <param name="fills">The period's fills of <paramref name="instrument"/>, each with the PnL folding it realized (null: not folded yet).</param>
    public static TradeStatistics Of(Instrument instrument, DateTimeOffset? since, IReadOnlyList<(Fill Fill, decimal? RealizedPnl)> fills)
    {
        ArgumentNullException.ThrowIfNull(fills);
        ArgumentNullException.ThrowIfNull(instrument);
        var fees = new AssetTally();
        var wins = new List<decimal>();
        var losses = new List<decimal>();
        int buys = 0, sells = 0;
        decimal volume = 0m, notional = 0m, realized = 0m;
        foreach (var (fill, realizedPnl) in fills)
        {
            if (fill.Side == Side.Buy)
            {
                buys++;
            }
            else
            {
                sells++;
            }

            volume += fill.Quantity;
            notional += Math.Abs(CashFlow.DeltaOf(instrument, fill).Quote);
            fees.Add(fill.FeeAsset ?? instrument.SettlementAsset, fill.Fee);
            var pnl = realizedPnl ?? 0m;
            realized += pnl;
            if (pnl > 0m)
            {
                wins.Add(pnl);
            }
            else if (pnl < 0m)
            {
                losses.Add(pnl);
            }
        }

        var decided = wins.Count + losses.Count;
        return new TradeStatistics(
            instrument.Symbol,
            since,
            fills.Count,
            buys,
            sells,
            volume,
            notional,
            fees.ToList(),
            realized,
            wins.Count,
            losses.Count,
            decided == 0 ? null : (decimal)wins.Count / decided,
            wins.Count == 0 ? null : wins.Average(),
            losses.Count == 0 ? null : losses.Average(),
            wins.Count == 0 ? null : wins.Max(),
            losses.Count == 0 ? null : losses.Min());
    }
}
