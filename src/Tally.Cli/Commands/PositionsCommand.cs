using Spectre.Console;
using System.CommandLine;
using Tally.Cli.Output;
using Tally.Core;

namespace Tally.Cli.Commands;

/// <summary><c>tally positions</c>: positions from the store, now or as of a past time.</summary>
public static class PositionsCommand
{
    public static Command Create(CliConsole console, Option<string?> db, TimeProvider time)
    {
        var open = new Option<bool>("--open") { Description = "Only positions that hold something." };
        var venue = new Option<string?>("--venue") { Description = "Only this venue." };
        var symbol = new Option<string?>("--symbol") { Description = "Only this symbol." };
        var at = new Option<string?>("--at") { Description = "What was held at this time (ISO-8601 or Unix ms), replayed from the log.", HelpName = "TIME" };
        var marks = new Option<string[]>("--mark")
        {
            Description = "Mark price for unrealized PnL and notional, e.g. --mark BTCUSDT=65000 (repeatable).",
            HelpName = "SYMBOL=PRICE",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var json = CommonOptions.Json();
        var command = new Command("positions", "Show positions from the fill log.") { open, venue, symbol, at, marks, json };
        command.SetAction(async (parse, ct) =>
        {
            if (!StoreAccess.TryTime(console, "--at", parse.GetValue(at), out var atTime))
            {
                return ExitCodes.BadInput;
            }

            if (!MarkPrices.TryParse(parse.GetValue(marks) ?? [], out var markPrices, out var markProblem))
            {
                return console.Refuse(markProblem);
            }

            decimal? MarkFor(Position p) => markPrices.TryGetValue(p.Key.Symbol, out var mark) ? mark : null;
            var (log, exit) = await StoreAccess.OpenAsync(console, parse.GetValue(db), time, ct);
            if (log is null)
            {
                return exit;
            }

            await using (log)
            {
                var positions = (await log.PositionsAsync(atTime, ct))
                    .Where(p => !parse.GetValue(open) || p.IsOpen)
                    .Where(p => parse.GetValue(venue) is not { } v || p.Key.Venue == v)
                    .Where(p => parse.GetValue(symbol) is not { } s || p.Key.Symbol == s)
                    .ToList();
                if (parse.GetValue(json))
                {
                    JsonReport.Document(console, w =>
                    {
                        w.Time("at", atTime);
                        JsonReport.WritePositions(w, positions, MarkFor);
                        JsonReport.WriteTotals(w, Totals.Of(positions, MarkFor));
                    });
                }
                else
                {
                    var tables = console.Tables();
                    tables.Write(TableReport.PositionsTable(positions, MarkFor));
                    tables.WriteLine($"{positions.Count} positions{(atTime is { } t ? " at " + JsonFields.FormatTime(t) : string.Empty)}");
                }
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
