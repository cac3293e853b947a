using Spectre.Console;
using System.CommandLine;
using Tally.Cli.Output;
using Tally.Storage;

namespace Tally.Cli.Commands;

/// <summary><c>tally strategy-positions</c>: the rows of <c>strategy_positions</c>, by entry time.</summary>
public static class StrategyPositionsCommand
{
    public static Command Create(CliConsole console, Option<string?> db, TimeProvider time)
    {
        var open = new Option<bool>("--open") { Description = "Only positions still holding something (status open or partial)." };
        var closed = new Option<bool>("--closed") { Description = "Only closed positions." };
        var strategy = new Option<string?>("--strategy") { Description = "Only this strategy.", HelpName = "S" };
        var symbol = new Option<string?>("--symbol") { Description = "Only this symbol." };
        var json = CommonOptions.Json();
        var command = new Command("strategy-positions", "Show strategy positions: one per entry order of a strategy, with its TP/SL, exits, close reason and PnL.")
        {
            open, closed, strategy, symbol, json,
        };
        command.SetAction((parse, ct) =>
        {
            if (parse.GetValue(open) && parse.GetValue(closed))
            {
                return Task.FromResult(console.Refuse("--open and --closed exclude each other"));
            }

            var filter = parse.GetValue(open) ? StrategyPositionFilter.Open : parse.GetValue(closed) ? StrategyPositionFilter.Closed : StrategyPositionFilter.All;
            return StoreAccess.WithLogAsync(
                console,
                parse.GetValue(db),
                time,
                async log =>
                {
                    var positions = await log.StrategyPositionsAsync(new StrategyPositionQuery(filter, parse.GetValue(strategy), Symbol: parse.GetValue(symbol)), ct);
                    if (parse.GetValue(json))
                    {
                        JsonReport.Document(console, w => AttributionJson.WriteStrategyPositions(w, positions, _ => null));
                    }
                    else
                    {
                        var tables = console.Tables();
                        tables.Write(TableReport.StrategyPositionsTable(positions));
                        tables.WriteLine($"{positions.Count} strategy positions");
                    }

                    return ExitCodes.Ok;
                },
                ct);
        });
        return command;
    }
}
