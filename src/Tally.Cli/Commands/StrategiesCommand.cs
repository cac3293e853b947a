using Spectre.Console;
using System.CommandLine;
using Tally.Cli.Output;

namespace Tally.Cli.Commands;

/// <summary><c>tally strategies</c>: per strategy, from the stored strategy positions: positions, TP and SL hits, win rate, PnL.</summary>
public static class StrategiesCommand
{
    public static Command Create(CliConsole console, Option<string?> db, TimeProvider time)
    {
        var json = CommonOptions.Json();
        var command = new Command("strategies", "Show how each strategy did: positions, closed, take-profit and stop-loss hits, win rate, PnL (summed exactly).") { json };
        command.SetAction((parse, ct) => StoreAccess.WithLogAsync(
            console,
            parse.GetValue(db),
            time,
            async log =>
            {
                var strategies = await log.StrategiesAsync(ct);
                if (parse.GetValue(json))
                {
                    JsonReport.Document(console, w => AttributionJson.WriteStrategies(w, strategies));
                }
                else
                {
                    var tables = console.Tables();
                    tables.Write(TableReport.StrategiesTable(strategies));
                    tables.WriteLine($"{strategies.Count} strategies");
                }

                return ExitCodes.Ok;
            },
            ct));
        return command;
    }
}
