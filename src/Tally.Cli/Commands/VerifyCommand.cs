using System.CommandLine;
using Tally.Cli.Output;

namespace Tally.Cli.Commands;

/// <summary><c>tally verify</c>: replay the whole log and compare with the live and stored positions.</summary>
public static class VerifyCommand
{
    /// <summary>Exit code when the replay disagrees with stored state.</summary>
    public const int Differs = 1;

    public static Command Create(CliConsole console, Option<string?> db, TimeProvider time)
    {
        var json = CommonOptions.Json();
        var command = new Command("verify", "Replay the whole fill log and compare it with the stored positions (exit 0 when equal, 1 with a diff).") { json };
        command.SetAction(async (parse, ct) =>
        {
            var (log, exit) = await StoreAccess.OpenAsync(console, parse.GetValue(db), time, ct);
            if (log is null)
            {
                return exit;
            }

            await using (log)
            {
                var report = await log.VerifyAsync(ct);
                if (parse.GetValue(json))
                {
                    JsonReport.Document(console, w =>
                    {
                        w.WriteBoolean("equal", report.Equal);
                        w.WriteNumber("fills_replayed", report.FillsReplayed);
                        w.WriteNumber("positions_compared", report.PositionsCompared);
                        w.WriteStartArray("differences");
                        foreach (var difference in report.Differences)
                        {
                            w.WriteStringValue(difference);
                        }

                        w.WriteEndArray();
                    });
                }
                else
                {
                    foreach (var difference in report.Differences)
                    {
                        console.Text.WriteLine(difference);
                    }

                    console.Text.WriteLine(report.Equal
                        ? $"equal: {report.FillsReplayed} fills replayed, {report.PositionsCompared} positions match {log.Description} (one consistent snapshot of the store)"
                        : $"DIFFERENT: {report.Differences.Count} differences after replaying {report.FillsReplayed} fills");
                }

                return report.Equal ? ExitCodes.Ok : Differs;
            }
        });
        return command;
    }
}
