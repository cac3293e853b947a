using Spectre.Console;
using Tally.Cli.Replay;
using Tally.Core;

namespace Tally.Cli.Output;

/// <summary>The human-readable form of a replay: positions, cycles, anomalies and totals as tables.</summary>
public static class TableReport
{
    // Beyond this many cycles the table stops helping; the JSON output has them all.
    private const int MaxCycleRows = 50;

    public static void WriteReplay(IAnsiConsole console, ReplayResult result)
    {
        console.Write(PositionsTable(result.Positions, result.MarkFor));

        var cycles = result.AllCycles;
        if (cycles.Count > 0)
        {
            console.Write(CyclesTable(cycles.Take(MaxCycleRows)));
            if (cycles.Count > MaxCycleRows)
            {
                console.MarkupLineInterpolated($"[grey]… {cycles.Count - MaxCycleRows} more cycles; use --json for all of them[/]");
            }
        }

        var anomalies = result.Fills.Where(f => f.Outcome.Anomaly is not null).ToList();
        if (anomalies.Count > 0)
        {
            var table = new Table().Title("Anomalies").AddColumns("line", "trade id", "key", "anomaly");
            foreach (var fill in anomalies)
            {
                table.AddRow(Text(fill.Input.Line.ToString(System.Globalization.CultureInfo.InvariantCulture)), Text(fill.Input.Fill.TradeId), Text(fill.Outcome.Key.ToString()), Text(fill.Outcome.Anomaly!));
            }

            console.Write(table);
        }

        console.Write(TotalsTable(Totals.Of(result.Positions, result.MarkFor)));
        if (result.Attribution is { } book)
        {
            WriteAttribution(console, book);
        }

        console.MarkupLineInterpolated($"[grey]{result.Fills.Count} fills, {result.Positions.Count} positions, {cycles.Count} cycles[/]");
    }

    /// <summary>Strategy positions (who built what, and how each ended) and the per-strategy summary.</summary>
    public static void WriteAttribution(IAnsiConsole console, Tally.Core.Attribution.AttributionBook book)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(book);
        var positions = book.StrategyPositions();
        console.Write(StrategyPositionsTable(positions));
        console.Write(StrategiesTable(Tally.Core.Attribution.StrategySummary.Of(positions)));
    }

    /// <summary>Strategy positions: who built what, and how each ended.</summary>
    public static Table StrategyPositionsTable(IEnumerable<Tally.Core.Attribution.StrategyPosition> positions)
    {
        var table = new Table().Title("Strategy positions")
            .AddColumns("id", "strategy", "key", "seq", "status")
            .AddColumn(new TableColumn("entry qty").RightAligned())
            .AddColumn(new TableColumn("entry").RightAligned())
            .AddColumn(new TableColumn("TP").RightAligned())
            .AddColumn(new TableColumn("SL").RightAligned())
            .AddColumn(new TableColumn("open").RightAligned())
            .AddColumn(new TableColumn("exit").RightAligned())
            .AddColumn("reason")
            .AddColumn(new TableColumn("realized").RightAligned())
            .AddColumn(new TableColumn("net").RightAligned())
            .AddColumn(new TableColumn("%").RightAligned());
        foreach (var p in positions)
        {
            table.AddRow(
                Text(p.StrategyPositionId),
                Text(p.StrategyId),
                Text($"{p.Venue}/{p.Account}/{p.ExchangePositionKey}"),
                Text(p.Sequence.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                Text(Tally.Core.Attribution.AttributionWireNames.ToWireName(p.Status)),
                Number(p.EntryQuantity),
                Number(p.EntryPrice),
                Number(p.TakeProfitPrice),
                Number(p.StopLossPrice),
                Number(p.OpenQuantity),
                Number(p.ExitPrice),
                Text(p.CloseReason is { } reason ? Tally.Core.Attribution.AttributionWireNames.ToWireName(reason) : "-"),
                Number(p.RealizedPnl),
                Number(p.NetPnl),
                Number(p.RealizedPnlPct is { } pct ? Math.Round(pct, 2) : null));
        }

        return table;
    }

    /// <summary>One row per strategy: positions, TP and SL hits, win rate and PnL.</summary>
    public static Table StrategiesTable(IEnumerable<Tally.Core.Attribution.StrategySummary> summaries)
    {
        var strategies = new Table().Title("Strategies")
            .AddColumn("strategy")
            .AddColumn(new TableColumn("positions").RightAligned())
            .AddColumn(new TableColumn("closed").RightAligned())
            .AddColumn(new TableColumn("TP hits").RightAligned())
            .AddColumn(new TableColumn("SL hits").RightAligned())
            .AddColumn(new TableColumn("win rate").RightAligned())
            .AddColumn(new TableColumn("realized").RightAligned())
            .AddColumn(new TableColumn("fees").RightAligned())
            .AddColumn(new TableColumn("net").RightAligned())
            .AddColumn(new TableColumn("profit factor").RightAligned())
            .AddColumn(new TableColumn("expectancy").RightAligned());
        foreach (var s in summaries)
        {
            strategies.AddRow(
                Text(s.StrategyId),
                Number(s.Positions),
                Number(s.Closed),
                Number(s.TakeProfitHits),
                Number(s.StopLossHits),
                Number(s.WinRate),
                Number(s.RealizedPnl),
                Number(s.Fees),
                Number(s.NetPnl),
                Number(s.ProfitFactor),
                Number(s.Expectancy));
        }

        return strategies;
    }

    /// <summary>Contributions: each strategy position's share of an exchange-position cycle.</summary>
    public static Table ContributionsTable(IEnumerable<Tally.Core.Attribution.Contribution> contributions)
    {
        var table = new Table().Title("Contributions")
            .AddColumns("key", "seq", "strategy", "strategy position", "status")
            .AddColumn(new TableColumn("qty").RightAligned())
            .AddColumn(new TableColumn("entry").RightAligned())
            .AddColumn("time")
            .AddColumn(new TableColumn("pnl").RightAligned())
            .AddColumn(new TableColumn("%").RightAligned())
            .AddColumn("reason");
        foreach (var c in contributions)
        {
            table.AddRow(
                Text($"{c.Venue}/{c.Account}/{c.ExchangePositionKey}"),
                Text(c.PositionSequence.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                Text(c.StrategyId),
                Text(c.StrategyPositionId),
                Text(c.Status),
                Number(c.ContributionQuantity),
                Number(c.ContributionEntryPrice),
                Text(c.ContributionTime is { } t ? JsonFields.FormatTime(t) : "-"),
                Number(c.ContributionPnl),
                Number(c.ContributionPnlPct is { } pct ? Math.Round(pct, 2) : null),
                Text(c.CloseReason is { } reason ? Tally.Core.Attribution.AttributionWireNames.ToWireName(reason) : "-"));
        }

        return table;
    }

    /// <summary>Stored signals with their decisions, oldest first.</summary>
    public static Table SignalsTable(IEnumerable<Tally.Storage.StoredSignal> signals)
    {
        var table = new Table().Title("Signals")
            .AddColumns("time", "signal", "strategy", "key", "action")
            .AddColumn(new TableColumn("confidence").RightAligned())
            .AddColumns("decision", "reason", "entry order");
        foreach (var stored in signals)
        {
            var s = stored.Signal;
            table.AddRow(
                Text(JsonFields.FormatTime(s.Timestamp)),
                Text(s.SignalId),
                Text(s.StrategyId),
                Text($"{s.Venue}/{s.Account}/{s.Symbol}"),
                Text(Tally.Storage.IntentWireNames.ToWireName(s.Action)),
                Number(s.Confidence),
                Text(stored.Decision.DecisionName),
                Text(stored.Decision.ConflictsWith is { } other ? $"{stored.Decision.Reason} (conflicts with {other})" : stored.Decision.Reason),
                Text(stored.EntryClientOrderId ?? "-"));
        }

        return table;
    }

    /// <summary>Exchange positions: the physical aggregate per key and who built it.</summary>
    public static Table ExchangePositionsTable(IEnumerable<Tally.Core.Attribution.ExchangePosition> exchangePositions)
    {
        var table = new Table().Title("Exchange positions")
            .AddColumns("key", "side", "status")
            .AddColumn(new TableColumn("qty").RightAligned())
            .AddColumn(new TableColumn("avg entry").RightAligned())
            .AddColumn("strategies")
            .AddColumn(new TableColumn("contributions").RightAligned());
        foreach (var e in exchangePositions)
        {
            table.AddRow(
                Text($"{e.Venue}/{e.Account}/{e.ExchangePositionKey}"),
                Text(e.Side.ToWireName()),
                Text(e.Status),
                Number(e.CurrentQuantity),
                Number(e.WeightedAvgPrice),
                Text(string.Join(", ", e.ContributingStrategies)),
                Number(e.TotalContributions));
        }

        return table;
    }

    public static Table PositionsTable(IEnumerable<Position> positions, Func<Position, decimal?> markFor)
    {
        var table = new Table().Title("Positions")
            .AddColumns("key", "side")
            .AddColumn(new TableColumn("qty").RightAligned())
            .AddColumn(new TableColumn("avg entry").RightAligned())
            .AddColumn(new TableColumn("realized").RightAligned())
            .AddColumn("fees")
            .AddColumn(new TableColumn("net").RightAligned())
            .AddColumn(new TableColumn("unrealized").RightAligned())
            .AddColumn(new TableColumn("break-even").RightAligned())
            .AddColumn(new TableColumn("cycles").RightAligned());
        foreach (var p in positions)
        {
            var mark = markFor(p);
            table.AddRow(
                Text(p.Key.ToString()),
                Text(p.Direction.ToWireName()),
                Number(p.Quantity),
                Number(p.AverageEntryPrice),
                Number(p.RealizedPnl),
                Text(string.Join(" ", p.Fees.Select(f => $"{Display(f.Amount)} {f.Asset}"))),
                Number(p.NetPnl),
                Number(mark is { } m ? p.UnrealizedPnl(m) : null),
                Number(p.CashFlow.BreakEvenPrice),
                Text(p.CycleCount.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        return table;
    }

    private static Table CyclesTable(IEnumerable<CycleSummary> cycles)
    {
        var table = new Table().Title("Cycles")
            .AddColumns("key", "#", "side", "opened", "closed")
            .AddColumn(new TableColumn("avg entry").RightAligned())
            .AddColumn(new TableColumn("avg exit").RightAligned())
            .AddColumn(new TableColumn("peak qty").RightAligned())
            .AddColumn(new TableColumn("realized").RightAligned())
            .AddColumn(new TableColumn("net").RightAligned())
            .AddColumn(new TableColumn("return").RightAligned());
        foreach (var c in cycles)
        {
            table.AddRow(
                Text(c.Key.ToString()),
                Text(c.Number.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                Text(c.Side.ToWireName()),
                Text(c.OpenedAt is { } o ? ShortTime(o) : "-"),
                Text(c.IsClosed ? (c.ClosedAt is { } t ? ShortTime(t) : "closed") : "open"),
                Number(c.AverageEntryPrice),
                Number(c.AverageExitPrice),
                Number(c.PeakQuantity),
                Number(c.RealizedPnl),
                Number(c.NetPnl),
                Number(c.RealizedReturn));
        }

        return table;
    }

    private static Table TotalsTable(IReadOnlyList<Totals> totals)
    {
        var table = new Table().Title("Totals")
            .AddColumn("settlement asset")
            .AddColumn(new TableColumn("realized").RightAligned())
            .AddColumn(new TableColumn("fees").RightAligned())
            .AddColumn(new TableColumn("net").RightAligned())
            .AddColumn(new TableColumn("unrealized").RightAligned());
        foreach (var t in totals)
        {
            table.AddRow(Text(t.SettlementAsset), Number(t.RealizedPnl), Number(t.Fees), Number(t.NetPnl), Number(t.UnrealizedPnl));
        }

        return table;
    }

    private static Text Text(string value) => new(value);

    private static string ShortTime(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);

    private static Text Number(decimal? value) => new(value is { } v ? Display(v) : "-");

    // Tables are for reading, so long quotients are cut to 8 places; --json keeps every digit.
    private static string Display(decimal value) => DecimalText.Format(Math.Round(value, 8, MidpointRounding.ToEven));
}
