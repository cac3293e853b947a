using Tally.Core.Attribution;

namespace Tally.Import;

/// <summary>
/// What a replay row says about its order beyond the fill itself (the strategy columns of <c>tally replay</c>):
/// an entry's take-profit and stop-loss, an exit's close reason and the strategy position it closes.
/// </summary>
/// <param name="CloseReason">Null when the row leaves it blank: <c>signal</c> for a row with a strategy, <c>manual</c> without.</param>
/// <param name="StrategyPosition">The entry order an exit closes, by that entry's order_id (or trade_id when it has none).</param>
public sealed record FillIntent(decimal? TakeProfit, decimal? StopLoss, CloseReason? CloseReason, string? StrategyPosition)
{
    /// <summary>Columns that turn on attribution in <c>tally replay</c> (any one present in the header).</summary>
    public static IReadOnlyList<string> Columns { get; } = ["strategy", "take_profit", "stop_loss", "close_reason", "strategy_position", "order_id"];

    /// <summary>
    /// Reads the intent columns of the current row; a bad value yields the row error instead. Null (and no
    /// error) when the file has none of <see cref="Columns"/>.
    /// </summary>
    public static (FillIntent? Intent, RowError? Error) Read(CsvTable row, int line)
    {
        if (!Columns.Any(row.Has))
        {
            return (null, null);
        }

        decimal? takeProfit = null;
        decimal? stopLoss = null;
        foreach (var column in (string[])["take_profit", "stop_loss"])
        {
            var text = row.Get(column);
            if (text.Length == 0)
            {
                continue;
            }

            if (FieldParser.PositiveDecimal(text, out var price) is { } problem)
            {
                return (null, new RowError(line, column, text, problem));
            }

            if (column == "take_profit")
            {
                takeProfit = price;
            }
            else
            {
                stopLoss = price;
            }
        }

        CloseReason? reason = null;
        var reasonText = row.Get("close_reason");
        if (reasonText.Length > 0)
        {
            if (!AttributionWireNames.TryParseCloseReason(reasonText, out var parsed))
            {
                return (null, new RowError(line, "close_reason", reasonText, "is not a close reason (take_profit, stop_loss, trailing_stop, signal, opposite_signal, circuit_breaker, dump, correlation, hold_time, health, manual, liquidation, adl)"));
            }

            reason = parsed;
        }

        var target = row.Get("strategy_position");
        return (new FillIntent(takeProfit, stopLoss, reason, target.Length > 0 ? target : null), null);
    }
}
