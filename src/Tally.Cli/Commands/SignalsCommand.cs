using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Tally.Cli.Output;
using Tally.Core;
using Tally.Core.Signals;
using Tally.Import;

namespace Tally.Cli.Commands;

/// <summary>
/// <c>tally signals</c>: the signals stored by <c>tally run</c> with their decisions; <c>tally signals replay SIGNALS.csv</c>:
/// the decision rules of DESIGN.md §4 over a signal file, offline.
/// </summary>
public static class SignalsCommand
{
    public static Command Create(CliConsole console, Option<string?> db, TimeProvider time)
    {
        var file = new Argument<FileInfo>("SIGNALS") { Description = "CSV with ts, signal_id, strategy_id, symbol, action (buy|sell|close), confidence (0–1), optional quantity." };
        var mode = new Option<string>("--mode") { Description = "Position mode (POSITION_MODE).", DefaultValueFactory = _ => "one-way", HelpName = "one-way|hedge" };
        var aware = new Option<string>("--aware") { Description = "Mode-aware conflicts (POSITION_MODE_AWARE_CONFLICTS): in hedge mode an opposite signal opens the other side.", DefaultValueFactory = _ => "true", HelpName = "true|false" };
        var same = new Option<string>("--same-direction") { Description = "Same-direction policy (SAME_DIRECTION_CONFLICT_RESOLUTION).", DefaultValueFactory = _ => "accumulate", HelpName = "accumulate|strongest_wins|reject_duplicates" };
        var max = new Option<int>("--max-accumulations") { Description = "MAX_ACCUMULATIONS: open strategy positions per side before accumulate refuses.", DefaultValueFactory = _ => 3, HelpName = "N" };
        var min = new Option<string>("--min-confidence") { Description = "MIN_CONFIDENCE: entries below it are refused.", DefaultValueFactory = _ => "0", HelpName = "X" };
        var window = new Option<string>("--window") { Description = "SIGNAL_WINDOW: how long a signal stays active (N followed by ms, s, m or h).", DefaultValueFactory = _ => "300s", HelpName = "DURATION" };
        var json = CommonOptions.Json();

        var replay = new Command("replay", "Decide every signal of a file in order, as tally run would; each accepted buy/sell counts as filled at once and open until a close of its strategy.")
        {
            file, mode, aware, same, max, min, window, json,
        };
        replay.SetAction(parse => Replay(
            console,
            parse.GetValue(file)!,
            parse.GetValue(mode)!,
            parse.GetValue(aware)!,
            parse.GetValue(same)!,
            parse.GetValue(max),
            parse.GetValue(min)!,
            parse.GetValue(window)!,
            parse.GetValue(json)));

        var symbol = new Option<string?>("--symbol") { Description = "Only this symbol." };
        var venue = new Option<string?>("--venue") { Description = "Only this venue." };
        var since = new Option<string?>("--since") { Description = "Only signals from this time on (ISO-8601 or Unix ms).", HelpName = "TIME" };
        var listJson = CommonOptions.Json();
        var signals = new Command("signals", "Signals and the decisions taken on them: without a subcommand, list the stored signals (oldest first) with decision and reason.")
        {
            replay, symbol, venue, since, listJson,
        };
        signals.SetAction((parse, ct) =>
        {
            if (!StoreAccess.TryTime(console, "--since", parse.GetValue(since), out var sinceTime))
            {
                return Task.FromResult(ExitCodes.BadInput);
            }

            return StoreAccess.WithLogAsync(
                console,
                parse.GetValue(db),
                time,
                async log =>
                {
                    var stored = await log.ReadSignalsAsync(parse.GetValue(venue), null, parse.GetValue(symbol), sinceTime, ct);
                    if (parse.GetValue(listJson))
                    {
                        JsonReport.Document(console, w => SignalJson.WriteSignals(w, stored));
                    }
                    else
                    {
                        var tables = console.Tables();
                        tables.Write(TableReport.SignalsTable(stored));
                        tables.WriteLine($"{stored.Count} signals");
                    }

                    return ExitCodes.Ok;
                },
                ct);
        });
        return signals;
    }

    private static int Replay(CliConsole console, FileInfo file, string modeText, string awareText, string sameText, int max, string minText, string windowText, bool json)
    {
        if (!WireNames.TryParsePositionMode(modeText, out var mode))
        {
            return console.Refuse($"--mode: \"{modeText}\" is not one-way or hedge");
        }

        if (!bool.TryParse(awareText, out var aware))
        {
            return console.Refuse($"--aware: \"{awareText}\" is not true or false");
        }

        SameDirectionPolicy? policy = sameText.Trim().ToLowerInvariant() switch
        {
            "accumulate" => SameDirectionPolicy.Accumulate,
            "strongest_wins" => SameDirectionPolicy.StrongestWins,
            "reject_duplicates" => SameDirectionPolicy.RejectDuplicates,
            _ => null,
        };
        if (policy is null)
        {
            return console.Refuse($"--same-direction: \"{sameText}\" is not accumulate, strongest_wins or reject_duplicates");
        }

        if (max < 1)
        {
            return console.Refuse($"--max-accumulations: \"{max}\" is not a positive whole number");
        }

        if (FieldParser.Decimal(minText, out var minConfidence) is not null || minConfidence < 0m || minConfidence > 1m)
        {
            return console.Refuse($"--min-confidence: \"{minText}\" is not a number from 0 to 1");
        }

        if (Durations.Parse(windowText) is not { } signalWindow)
        {
            return console.Refuse($"--window: \"{windowText}\" is not a duration such as 300s, 5m, 1h or 250ms");
        }

        if (InputFiles.Missing(console, file) is { } missingExit)
        {
            return missingExit;
        }

        var rows = new List<(int Line, Signal Signal)>();
        var bad = new List<RowError>();
        try
        {
            using var reader = file.OpenText();
            foreach (var (line, signal, error) in SignalsCsv.Read(reader, file.Name))
            {
                if (error is not null)
                {
                    bad.Add(error);
                }
                else
                {
                    rows.Add((line, signal!));
                }
            }
        }
        catch (InputFileException e)
        {
            return console.Refuse(e.Message);
        }

        if (bad.Count > 0)
        {
            foreach (var error in bad)
            {
                console.Error.WriteLine(error.ToString());
            }

            return ExitCodes.BadInput;
        }

        var simulation = new SignalSimulation(new SignalSettings(mode, aware, policy.Value, max, minConfidence, signalWindow));
        var decisions = rows.Select(r => (r.Line, r.Signal, Decision: simulation.Submit(r.Signal))).ToList();
        if (json)
        {
            JsonReport.Document(console, writer =>
            {
                writer.WriteStartArray("decisions");
                foreach (var (line, signal, decision) in decisions)
                {
                    writer.WriteStartObject();
                    writer.WriteNumber("line", line);
                    writer.WriteString("signal_id", signal.SignalId);
                    writer.WriteString("decision", decision.DecisionName);
                    writer.WriteString("reason", decision.Reason);
                    writer.WriteString("conflicts_with", decision.ConflictsWith);
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            });
        }
        else
        {
            var table = new Table();
            foreach (var column in (string[])["line", "signal", "strategy", "symbol", "action", "confidence", "decision", "reason"])
            {
                table.AddColumn(column);
            }

            foreach (var (line, signal, decision) in decisions)
            {
                table.AddRow(
                    line.ToString(CultureInfo.InvariantCulture),
                    Markup.Escape(signal.SignalId),
                    Markup.Escape(signal.StrategyId),
                    Markup.Escape(signal.Symbol),
                    signal.Action.ToString().ToLowerInvariant(),
                    DecimalText.Format(signal.Confidence),
                    decision.DecisionName,
                    Markup.Escape(decision.Reason));
            }

            console.Tables().Write(table);
        }

        return ExitCodes.Ok;
    }
}
