using Spectre.Console;
using System.CommandLine;
using Tally.Cli.Output;

namespace Tally.Cli.Commands;

/// <summary><c>tally exchange-positions</c>: the physical positions (SYMBOL_LONG / SYMBOL_SHORT) and the strategies that built them.</summary>
public static class ExchangePositionsCommand
{
    public static Command Create(CliConsole console, Option<string?> db, TimeProvider time)
    {
        var json = CommonOptions.Json();
        var command = new Command("exchange-positions", "Show exchange positions: quantity, average entry, contributing strategies and contributions per key.") { json };
        command.SetAction((parse, ct) => StoreAccess.WithLogAsync(
            console,
            parse.GetValue(db),
            time,
            async log =>
            {
                var positions = await log.ExchangePositionsAsync(ct);
                if (parse.GetValue(json))
                {
                    JsonReport.Document(console, w => AttributionJson.WriteExchangePositions(w, positions));
                }
                else
                {
                    var tables = console.Tables();
                    tables.Write(TableReport.ExchangePositionsTable(positions));
                    tables.WriteLine($"{positions.Count} exchange positions");
                }

                return ExitCodes.Ok;
            },
            ct));
        return command;
    }
}
