using System.CommandLine;
using Spectre.Console;
using Tally.Cli.Output;

namespace Tally.Cli.Commands;

/// <summary><c>tally quarantine</c>: records the log refused to apply (conflicting duplicates), with the reason.</summary>
public static class QuarantineCommand
{
    public static Command Create(CliConsole console, Option<string?> db, TimeProvider time)
    {
        var json = CommonOptions.Json();
        var command = new Command("quarantine", "List quarantined records (conflicting duplicates) and why.") { json };
        command.SetAction(async (parse, ct) =>
        {
            var (log, exit) = await StoreAccess.OpenAsync(console, parse.GetValue(db), time, ct);
            if (log is null)
            {
                return exit;
            }

            await using (log)
            {
                var entries = await log.ReadQuarantineAsync(ct);
                if (parse.GetValue(json))
                {
                    JsonReport.Document(console, w =>
                    {
                        w.WriteStartArray("quarantine");
                        foreach (var entry in entries)
                        {
                            StoreJson.WriteQuarantine(w, entry);
                        }

                        w.WriteEndArray();
                    });
                    return ExitCodes.Ok;
                }

                var table = new Table().Title("Quarantine").AddColumns("id", "received", "source", "identity", "reason");
                foreach (var e in entries)
                {
                    table.AddRow(
                        new Text(e.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                        new Text(JsonFields.FormatTime(e.ReceivedAt)),
                        new Text(e.Source),
                        new Text(e.TradeId is null ? $"{e.Venue}/{e.Account}" : $"{e.Venue}/{e.Account}/{e.Symbol}#{e.TradeId}"),
                        new Text(e.Reason));
                }

                console.Tables().Write(table);
            }

            return ExitCodes.Ok;
        });
        return command;
    }
}
