using System.Globalization;
using System.Text.Json;
using Spectre.Console;
using Tally.Cli.Risk;
using Tally.Core;
using Tally.Core.Attribution;
using Tally.Core.Risk;
using Tally.Core.Signals;

namespace Tally.Cli.Output;

/// <summary>
/// The output of <c>tally risk replay</c>: <c>events</c>, <c>exits</c>, <c>positions</c> (every strategy position at
/// the end, the open ones with their stops), <c>equity</c> (the first evaluation, every UTC day's first and every
/// breaker level), <c>adjusted_fills</c> and a <c>summary</c>; decimals as strings, times ISO-8601 UTC.
/// </summary>
public static class RiskReport
{
    // Beyond this many rows a table stops helping; --json has them all.
    private const int MaxRows = 50;

    public static void WriteJson(CliConsole console, RiskReplayResult result) => JsonReport.Document(console, json =>
    {
        var sim = result.Simulation!;
        json.WriteStartArray("events");
        foreach (var e in sim.Events)
        {
            json.WriteStartObject();
            json.Time("ts", e.At);
            json.WriteString("type", e.Type.ToString());
            json.StringOrNull("strategy_position_id", e.StrategyPositionId);
            json.StringOrNull("key", e.ExchangePositionKey);
            json.Decimal("price", e.Price);
            json.StringOrNull("reason", e.Reason?.ToWireName());
            json.WriteString("detail", e.Detail);
            json.WriteEndObject();
        }

        json.WriteEndArray();

        json.WriteStartArray("exits");
        foreach (var x in sim.Exits)
        {
            json.WriteStartObject();
            json.Time("ts", x.At);
            json.WriteString("strategy_position_id", x.StrategyPositionId);
            json.WriteString("key", x.ExchangePositionKey);
            json.WriteString("symbol", x.Symbol);
            json.WriteString("side", x.OrderSide.ToWireName());
            json.Decimal("qty", x.Quantity);
            json.Decimal("price", x.Price);
            json.WriteString("reason", x.Reason.ToWireName());
            json.WriteEndObject();
        }

        json.WriteEndArray();

        json.WriteStartArray("positions");
        foreach (var (p, monitored) in Positions(sim))
        {
            var last = monitored?.LastPrice;
            AttributionJson.WriteStrategyPosition(json, p, last, more =>
            {
                more.Decimal("trailing_stop", monitored?.Stop);
                more.Decimal("best_price", monitored?.Extreme);
                more.Decimal("last_price", last);
            });
        }

        json.WriteEndArray();

        json.WriteStartArray("equity");
        foreach (var point in sim.EquityPoints)
        {
            json.WriteStartObject();
            json.Time("ts", point.At);
            json.Decimal("equity", point.Equity);
            json.Decimal("basis", point.Basis);
            json.Decimal("drawdown", point.Drawdown);
            json.WriteString("breaker_level", point.Fired.ToWireName());
            json.WriteBoolean("new_day", point.NewDay);
            json.Decimal("health", point.Health.Total);
            json.WriteEndObject();
        }

        json.WriteEndArray();

        json.WriteStartArray("adjusted_fills");
        foreach (var a in result.Adjusted)
        {
            json.WriteStartObject();
            json.WriteNumber("line", a.Line);
            json.WriteString("trade_id", a.TradeId);
            json.Decimal("exit_qty", a.ExitQuantity);
            json.Decimal("folded_qty", a.FoldedQuantity);
            json.WriteString("note", a.Note);
            json.WriteEndObject();
        }

        json.WriteEndArray();

        var final = sim.Monitor.LastEvaluation;
        json.WriteStartObject("summary");
        json.WriteNumber("ticks", result.Ticks);
        json.WriteNumber("fills", result.Fills);
        json.WriteNumber("exits", sim.Exits.Count);
        json.Decimal("starting_balance", sim.StartingBalance);
        json.Decimal("wallet", sim.Wallet);
        json.Decimal("equity", final?.Equity);
        json.Decimal("health", final?.Health.Total);
        json.WriteString("gate", GateName(sim.Monitor.Gate));
        json.WriteBoolean("halted", sim.Monitor.State.Breaker.Halted);
        json.WriteEndObject();
    });

    public static void WriteTables(IAnsiConsole console, RiskReplayResult result)
    {
        var sim = result.Simulation!;
        var exits = new Table().Title("Exits").AddColumns("time", "strategy position", "key", "reason")
            .AddColumn(new TableColumn("qty").RightAligned()).AddColumn(new TableColumn("price").RightAligned());
        foreach (var x in sim.Exits.Take(MaxRows))
        {
            exits.AddRow(Text(Time(x.At)), Text(x.StrategyPositionId), Text(x.ExchangePositionKey), Text(x.Reason.ToWireName()), Number(x.Quantity), Number(x.Price));
        }

        console.Write(exits);
        More(console, sim.Exits.Count, "exits");

        var positions = new Table().Title("Strategy positions").AddColumns("id", "strategy", "key", "status")
            .AddColumn(new TableColumn("entry").RightAligned()).AddColumn(new TableColumn("open").RightAligned())
            .AddColumn(new TableColumn("stop").RightAligned()).AddColumn(new TableColumn("exit").RightAligned())
            .AddColumn("reason").AddColumn(new TableColumn("net").RightAligned());
        var all = Positions(sim);
        foreach (var (p, monitored) in all.Take(MaxRows))
        {
            positions.AddRow(Text(p.StrategyPositionId), Text(p.StrategyId), Text(p.ExchangePositionKey), Text(p.Status.ToWireName()),
                Number(p.EntryPrice), Number(p.OpenQuantity), Number(monitored?.Stop), Number(p.ExitPrice),
                Text(p.CloseReason?.ToWireName() ?? "-"), Number(p.NetPnl));
        }

        console.Write(positions);
        More(console, all.Count, "positions");

        var equity = new Table().Title("Equity").AddColumns("time", "breaker")
            .AddColumn(new TableColumn("equity").RightAligned()).AddColumn(new TableColumn("drawdown %").RightAligned())
            .AddColumn(new TableColumn("health").RightAligned());
        foreach (var point in sim.EquityPoints.Take(MaxRows))
        {
            equity.AddRow(Text(Time(point.At)), Text(point.Fired.ToWireName()), Number(point.Equity), Number(point.Drawdown * 100m), Number(point.Health.Total));
        }

        console.Write(equity);
        More(console, sim.EquityPoints.Count, "equity points");

        var alerts = sim.Events.Where(e => e.Type is not (RiskEventType.PositionOpened or RiskEventType.PositionUpdated or RiskEventType.PositionClosed)).ToList();
        if (alerts.Count > 0)
        {
            var events = new Table().Title("Risk events").AddColumns("time", "type", "strategy position", "detail");
            foreach (var e in alerts.Take(MaxRows))
            {
                events.AddRow(Text(Time(e.At)), Text(e.Type.ToString()), Text(e.StrategyPositionId ?? "-"), Text(e.Detail));
            }

            console.Write(events);
            More(console, alerts.Count, "events");
        }

        foreach (var a in result.Adjusted)
        {
            console.MarkupLineInterpolated($"[yellow]fill line {a.Line} ({a.TradeId}): {a.Note} ({DecimalText.Format(a.FoldedQuantity)} of {DecimalText.Format(a.ExitQuantity)})[/]");
        }

        var last = sim.Monitor.LastEvaluation;
        console.MarkupLineInterpolated($"[grey]{result.Ticks} ticks, {result.Fills} fills, {sim.Exits.Count} exits; wallet {DecimalText.Format(sim.Wallet)}, equity {(last is null ? "-" : Display(last.Equity))}, health {(last is null ? "-" : Display(last.Health.Total))}, gate {GateName(sim.Monitor.Gate)}[/]");
    }

    private static List<(StrategyPosition Position, MonitoredPosition? Monitored)> Positions(RiskSimulation sim) =>
        [.. sim.Book.StrategyPositions().Select(p => (p, sim.Monitor.Find(p.Venue, p.Account, p.Symbol, p.StrategyPositionId)))];

    private static string GateName(RiskGate gate) => gate switch
    {
        RiskGate.Open => "open",
        RiskGate.StopNewEntries => "stop_new_entries",
        RiskGate.StopAllTrading => "stop_all_trading",
    };

    private static void More(IAnsiConsole console, int count, string what)
    {
        if (count > MaxRows)
        {
            console.MarkupLineInterpolated($"[grey]… {count - MaxRows} more {what}; use --json for all of them[/]");
        }
    }

    private static Text Text(string value) => new(value);

    private static Text Number(decimal? value) => new(value is { } v ? Display(v) : "-");

    private static string Display(decimal value) => DecimalText.Format(Math.Round(value, 8, MidpointRounding.ToEven));

    private static string Time(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
