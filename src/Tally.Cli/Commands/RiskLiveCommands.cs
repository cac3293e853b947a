using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Tally.Cli.Output;
using Tally.Core.Attribution;
using Tally.Core.Signals;
using Tally.Engine.Risk;
using Tally.Storage;

namespace Tally.Cli.Commands;

/// <summary>
/// The live risk monitor from the CLI, through the store (they work whether or not <c>tally run</c> is running):
/// <c>tally risk status</c> reads what the monitor persists after every evaluation and change; <c>tally risk reset</c>
/// clears the halt in the stored state (audited) and leaves a request a running monitor picks up at its next poll;
/// <c>tally close</c> leaves a force-close request the running monitor carries out (reduce-only market orders through
/// the dispatcher, reason manual), or the next <c>tally run</c> at its start.
/// </summary>
public static class RiskLiveCommands
{
    public static Command Status(CliConsole console, Option<string?> db, TimeProvider time)
    {
        var json = CommonOptions.Json();
        var command = new Command("status", "Show the live risk monitor as tally run last stored it: health score with its four parts, breaker level, halts, every open position's stop.") { json };
        command.SetAction((parse, ct) => StoreAccess.WithLogAsync(
            console,
            parse.GetValue(db),
            time,
            async log =>
            {
                var stored = await log.ReadRiskStateAsync(RiskMonitorOptions.StateName, ct);
                if (stored?.Status is not { } statusJson)
                {
                    return console.Refuse("tally risk status: no risk state stored yet (tally run has not started the risk monitor on this store)");
                }

                var status = RiskStateJson.ReadStatus(statusJson);
                if (parse.GetValue(json))
                {
                    JsonReport.Document(console, w => RiskJson.WriteStatus(w, status));
                    return ExitCodes.Ok;
                }

                var text = console.Text;
                text.WriteLine($"Risk monitor, stored {status.At:yyyy-MM-ddTHH:mm:ssZ}: gate {status.Gate}");
                if (status.Evaluation is { } e)
                {
                    text.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Health {e.Health:0.##} = P {e.HealthPnl:0.##} + Q {e.HealthQuality:0.##} + C {e.HealthConcentration:0.##} + T {e.HealthTime:0.##} ({e.OpenPositions} open, at {e.At:yyyy-MM-ddTHH:mm:ssZ})"));
                    text.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Equity {e.Equity}, drawdown {e.Drawdown * 100m:0.###} % of {e.Basis}"));
                }
                else
                {
                    text.WriteLine("Health: not evaluated yet");
                }

                var b = status.Breaker;
                text.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Breaker: day {b.Day:yyyy-MM-dd}, start equity {b.DayStartEquity}, peak {b.PeakEquity}, fired today {b.FiredToday}"));
                text.WriteLine(b.Halted ? $"Halted since {b.HaltedAt:yyyy-MM-ddTHH:mm:ssZ}: StopAllTrading until tally risk reset" : "Not halted");
                text.WriteLine($"Entries stopped by health: {(b.EntriesStopped ? "yes" : "no")}; stops tightened: {(b.Tightened ? "yes" : "no")}");
                var table = new Table().AddColumns("strategy position", "strategy", "account", "symbol", "side", "open qty", "entry", "last", "stop", "TP", "SL", "exit asked");
                foreach (var p in status.Positions)
                {
                    table.AddRow(
                        Markup.Escape(p.StrategyPositionId),
                        Markup.Escape(p.StrategyId),
                        Markup.Escape($"{p.Venue}/{p.Account}"),
                        Markup.Escape(p.Symbol),
                        p.Side,
                        Number(p.OpenQuantity),
                        Number(p.EntryPrice),
                        Number(p.LastPrice),
                        Number(p.Stop),
                        Number(p.TakeProfit),
                        Number(p.StopLoss),
                        p.ExitRequested ?? "");
                }

                var tables = console.Tables();
                tables.Write(table);
                tables.WriteLine($"{status.Positions.Count} open strategy positions");
                return ExitCodes.Ok;
            },
            ct));
        return command;
    }

    public static Command Reset(CliConsole console, Option<string?> db, TimeProvider time)
    {
        var command = new Command("reset", "Clear the drawdown breaker's halt (StopAllTrading); audited. A running tally run picks it up within its request poll interval.");
        command.SetAction((parse, ct) => StoreAccess.WithLogAsync(
            console,
            parse.GetValue(db),
            time,
            async log =>
            {
                switch (await new OperatorActions(log, time).ResetHaltAsync("tally risk reset", ct))
                {
                    case OperatorOutcome.Refused refused:
                        return console.Refuse($"tally risk reset: {refused.Message}");
                    case OperatorOutcome.Unchanged:
                        console.Text.WriteLine("Not halted; nothing to reset.");
                        return ExitCodes.Ok;
                    case var done:
                        console.Text.WriteLine($"{Capitalized(done.Message)}; a running tally run re-opens entries at its next request poll.");
                        return ExitCodes.Ok;
                }
            },
            ct));
        return command;
    }

    public static Command Close(CliConsole console, Option<string?> db, TimeProvider time)
    {
        var target = new Argument<string>("ID|KEY") { Description = "A strategy position id, or an exchange position key such as BTCUSDT_LONG (every open strategy position in it)." };
        var command = new Command("close", "Force close open strategy positions (reduce-only market orders, reason manual), carried out by the running tally run.") { target };
        command.SetAction((parse, ct) => StoreAccess.WithLogAsync(
            console,
            parse.GetValue(db),
            time,
            async log =>
            {
                var outcome = await new OperatorActions(log, time).CloseAsync(parse.GetValue(target)!, "tally close", ct);
                if (outcome is OperatorOutcome.Refused)
                {
                    return console.Refuse($"tally close: {outcome.Message}");
                }

                console.Text.WriteLine($"{Capitalized(outcome.Message)}.");
                console.Text.WriteLine("The running tally run sends reduce-only market orders (reason manual) at its next request poll; if none is running, the next tally run does at its start.");
                return ExitCodes.Ok;
            },
            ct));
        return command;
    }

    private static string Capitalized(string message) => message.Length == 0 ? message : char.ToUpperInvariant(message[0]) + message[1..];

    private static string Number(decimal? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";
}
