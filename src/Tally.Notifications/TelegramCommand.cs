using System.Globalization;
using Tally.Core;
using Tally.Core.Attribution;
using Tally.Engine.Risk;

namespace Tally.Notifications;

/// <summary>The chat commands the bot answers.</summary>
public enum TelegramCommandKind
{
    Status,
    Profit,
    Performance,
    Daily,
    Balance,
    ForceExit,
    StopEntry,
    Start,
    Stop,
    Help,
}

/// <summary>A parsed chat command: its kind and argument (the id of <c>/forceexit ID</c>).</summary>
public sealed record TelegramCommand(TelegramCommandKind Kind, string? Argument)
{
    /// <summary>
    /// The command a message holds (<c>/status</c>, <c>/forceexit@TallyBot a-1</c>), or null for anything else: not a
    /// command, or a command the bot does not know (the bot then says so with <see cref="CommandReplies.Unknown"/>).
    /// </summary>
    public static TelegramCommand? Parse(string? text)
    {
        if (text is null || !text.StartsWith('/'))
        {
            return null;
        }

        var parts = text.Trim().Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var name = parts[0][1..];
        var at = name.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            name = name[..at];
        }

        TelegramCommandKind? kind = name.ToLowerInvariant() switch
        {
            "status" => TelegramCommandKind.Status,
            "profit" => TelegramCommandKind.Profit,
            "performance" => TelegramCommandKind.Performance,
            "daily" => TelegramCommandKind.Daily,
            "balance" => TelegramCommandKind.Balance,
            "forceexit" => TelegramCommandKind.ForceExit,
            "stopentry" => TelegramCommandKind.StopEntry,
            "start" => TelegramCommandKind.Start,
            "stop" => TelegramCommandKind.Stop,
            "help" => TelegramCommandKind.Help,
            _ => null,
        };
        return kind is { } k ? new TelegramCommand(k, parts.Length > 1 ? parts[1] : null) : null;
    }
}

/// <summary>The replies' wording, as pure functions of what the reads return.</summary>
public static class CommandReplies
{
    public const string Help =
        """
        /status - open strategy positions
        /profit - realized PnL of closed strategy positions
        /performance - per strategy: closed, win rate, PnL
        /daily - net PnL per day (UTC), last 7 days
        /balance - wallet and drawdown (from the risk monitor)
        /forceexit ID - close a strategy position id or an exchange position key (BTCUSDT_LONG)
        /stopentry - stop new entries until /start
        /stop - stop all trading from signals until /start
        /start - clear /stopentry or /stop
        /help - this list
        """;

    public static string Unknown(string text) => $"Unknown command {text.Split(' ', 2)[0]}. /help lists the commands.";

    public static string Status(IReadOnlyList<StrategyPosition> open)
    {
        ArgumentNullException.ThrowIfNull(open);
        if (open.Count == 0)
        {
            return "No open strategy positions.";
        }

        var lines = open.Select(p =>
        {
            var tp = p.TakeProfitPrice is { } t ? $" TP {NotificationText.Price(t)}" : string.Empty;
            var sl = p.StopLossPrice is { } s ? $" SL {NotificationText.Price(s)}" : string.Empty;
            return $"{p.StrategyPositionId} {p.StrategyId} {p.Symbol} {Direction(p.Side)} {NotificationText.Qty(p.OpenQuantity)} @ {NotificationText.Price(p.EntryPrice)}{tp}{sl} ({p.ExchangePositionKey})";
        });
        return $"Open strategy positions ({open.Count}):\n" + string.Join('\n', lines);
    }

    public static string Profit(IReadOnlyList<StrategyPosition> all)
    {
        ArgumentNullException.ThrowIfNull(all);
        var closed = all.Where(p => p.Status == StrategyPositionStatus.Closed).ToList();
        if (closed.Count == 0)
        {
            return $"No closed strategy positions yet ({all.Count(p => p.Status != StrategyPositionStatus.Closed)} open).";
        }

        var wins = closed.Count(p => p.NetPnl > 0m);
        var realized = closed.Sum(p => p.RealizedPnl);
        var fees = closed.Sum(p => p.Fees);
        return $"Closed: {closed.Count} ({wins} won, {closed.Count - wins} lost, win rate {Percent((decimal)wins / closed.Count)})\n"
            + $"Realized PnL {NotificationText.Money(realized)}, fees {NotificationText.Qty(fees)}, net {NotificationText.Money(realized - fees)}";
    }

    public static string Performance(IReadOnlyList<StrategySummary> strategies)
    {
        ArgumentNullException.ThrowIfNull(strategies);
        if (strategies.Count == 0)
        {
            return "No strategy has a position yet.";
        }

        return "Per strategy:\n" + string.Join('\n', strategies.Select(s =>
        {
            var rate = s.WinRate is { } w ? Percent(w) : "-";
            var pf = s.ProfitFactor is { } f ? NotificationText.Qty(Math.Round(f, 2)) : "-";
            return $"{s.StrategyId}: {s.Closed}/{s.Positions} closed, TP {s.TakeProfitHits} SL {s.StopLossHits}, win rate {rate}, net {NotificationText.Money(s.NetPnl)}, profit factor {pf}";
        }));
    }

    /// <summary>Net PnL of positions closed per UTC day, the last <paramref name="days"/> days up to <paramref name="today"/>.</summary>
    public static string Daily(IReadOnlyList<StrategyPosition> all, DateOnly today, int days = 7)
    {
        ArgumentNullException.ThrowIfNull(all);
        var byDay = all.Where(p => p.Status == StrategyPositionStatus.Closed && p.ExitTime is not null)
            .GroupBy(p => DateOnly.FromDateTime(p.ExitTime!.Value.UtcDateTime))
            .ToDictionary(g => g.Key, g => (Count: g.Count(), Net: g.Sum(p => p.NetPnl)));
        var lines = Enumerable.Range(0, days).Select(i => today.AddDays(-i)).Select(d =>
            byDay.TryGetValue(d, out var v)
                ? $"{d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}: {NotificationText.Money(v.Net)} ({v.Count} closed)"
                : $"{d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}: 0.00 (0 closed)");
        return "Daily net PnL (UTC):\n" + string.Join('\n', lines);
    }

    public static string Balance(RiskStatus? status)
    {
        if (status?.Evaluation is not { } e)
        {
            return "No wallet read yet: the risk monitor (USD-M accounts) has not evaluated.";
        }

        return $"Equity {NotificationText.Qty(Math.Round(e.Equity, 2))} (day start {NotificationText.Qty(Math.Round(status.Breaker.DayStartEquity, 2))}, drawdown {Percent(e.Drawdown)}), health {NotificationText.Qty(Math.Round(e.Health, 1))}, {e.OpenPositions} open, gate {status.Gate}{(status.Breaker.Halted ? ", HALTED (tally risk reset)" : string.Empty)}";
    }

    public static string Outcome(OperatorOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return outcome switch
        {
            OperatorOutcome.Requested r => $"Done: {r.Message}.",
            OperatorOutcome.Unchanged u => $"Nothing to do: {u.Message}.",
            OperatorOutcome.Refused f => $"Refused: {f.Message}.",
            _ => outcome.Message,
        };
    }

    /// <summary>A ratio as a percentage with one decimal (0.6667 → 66.7 %).</summary>
    public static string Percent(decimal ratio) => NotificationText.Qty(Math.Round(ratio * 100m, 1)) + " %";

    private static string Direction(PositionDirection side) => side switch
    {
        PositionDirection.Long => "long",
        PositionDirection.Short => "short",
        PositionDirection.Flat => "flat",
    };
}
