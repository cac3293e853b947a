using Spectre.Console;
using System.CommandLine;
using Tally.Cli.Output;

namespace Tally.Cli.Commands;

/// <summary><c>tally contributions [KEY]</c>: who built an exchange position (or every one), in order, and what each earned.</summary>
public static class ContributionsCommand
{
    public static Command Create(CliConsole console, Option<string?> db, TimeProvider time)
    {
        var key = new Argument<string?>("KEY") { Description = "An exchange position key such as BTCUSDT_LONG (default: every key).", Arity = ArgumentArity.ZeroOrOne };
        var json = CommonOptions.Json();
        var command = new Command("contributions", "Show the contributions to exchange positions: each strategy position's share of a cycle, its sequence and attributed PnL.") { key, json };
        command.SetAction((parse, ct) => StoreAccess.WithLogAsync(
            console,
            parse.GetValue(db),
            time,
            async log =>
            {
                var contributions = await log.ContributionsAsync(parse.GetValue(key), ct);
                if (parse.GetValue(json))
                {
                    JsonReport.Document(console, w => AttributionJson.WriteContributions(w, contributions));
                }
                else
                {
                    var tables = console.Tables();
                    tables.Write(TableReport.ContributionsTable(contributions));
                    tables.WriteLine($"{contributions.Count} contributions");
                }

                return ExitCodes.Ok;
            },
            ct));
        return command;
    }
}
