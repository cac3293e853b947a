using System.CommandLine;
using Tally.Cli.Output;
using Tally.Cli.Replay;
using Tally.Core;
using Tally.Core.Attribution;
using Tally.Import;

namespace Tally.Cli.Commands;

/// <summary><c>tally replay FILE.csv</c>: fold a fill file in order and print positions, cycles and totals.</summary>
public static class ReplayCommand
{
    public static Command Create(CliConsole console)
    {
        var file = new Argument<FileInfo>("FILE") { Description = "CSV of fills with a header (see the README for columns)." };
        var mode = new Option<string>("--mode")
        {
            Description = "Position mode: one-way (position_side BOTH) or hedge (LONG/SHORT).",
            DefaultValueFactory = _ => "one-way",
            HelpName = "one-way|hedge",
        };
        var instruments = new Option<FileInfo?>("--instruments")
        {
            Description = "CSV symbol,kind,base,quote,multiplier (kind: spot|linear|inverse). Unlisted symbols are linear, multiplier 1.",
        };
        var marks = new Option<string[]>("--mark")
        {
            Description = "Mark price for unrealized PnL, e.g. --mark BTCUSDT=65000 (repeatable).",
            HelpName = "SYMBOL=PRICE",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var json = CommonOptions.Json();
        var skipInvalid = new Option<bool>("--skip-invalid")
        {
            Description = "Fold the good rows and list the bad ones on stderr instead of failing the run.",
        };
        var attribution = new Option<string>("--attribution")
        {
            Description = "How exits nobody placed (and the excess beyond what an exit names) are spread over strategy positions: fifo (oldest first) or pro-rata (by open quantity). Used when the file has strategy columns.",
            DefaultValueFactory = _ => "fifo",
            HelpName = "fifo|pro-rata",
        };

        var command = new Command("replay", "Fold a fill file in order and print positions, cycles and PnL.")
        {
            file, mode, instruments, marks, json, skipInvalid, attribution,
        };
        command.SetAction(parse => Run(
            console,
            parse.GetValue(file)!,
            parse.GetValue(mode)!,
            parse.GetValue(instruments),
            parse.GetValue(marks) ?? [],
            parse.GetValue(json),
            parse.GetValue(skipInvalid),
            parse.GetValue(attribution)!));
        return command;
    }

    private static int Run(CliConsole console, FileInfo file, string modeText, FileInfo? instrumentsFile, string[] markTexts, bool json, bool skipInvalid, string attributionText)
    {
        if (!AttributionWireNames.TryParsePolicy(attributionText, out var policy))
        {
            return console.Refuse($"--attribution: \"{attributionText}\" is not fifo or pro-rata");
        }

        if (!WireNames.TryParsePositionMode(modeText, out var mode))
        {
            return console.Refuse($"--mode: \"{modeText}\" is not one-way or hedge");
        }

        if (!MarkPrices.TryParse(markTexts, out var marks, out var markProblem))
        {
            return console.Refuse(markProblem);
        }

        var catalog = new InstrumentCatalog();
        if (instrumentsFile is not null && InputFiles.LoadInstruments(console, instrumentsFile, catalog) is { } instrumentsExit)
        {
            return instrumentsExit;
        }

        if (InputFiles.Open(console, file, out var stream) is { } openExit)
        {
            return openExit;
        }

        var good = new List<ParsedFill>();
        var bad = new List<RowError>();
        try
        {
            using var reader = InputFiles.Reader(stream!);
            foreach (var row in TallyCsvFormat.Read(reader, file.Name, new FillReadOptions(catalog, mode)))
            {
                if (row.Fill is { } fill)
                {
                    good.Add(fill);
                }
                else
                {
                    bad.Add(row.Error!);
                }
            }
        }
        catch (InputFileException e)
        {
            return console.Refuse(e.Message);
        }

        foreach (var error in bad)
        {
            console.Error.WriteLine(error.ToString());
        }

        if (bad.Count > 0 && !skipInvalid)
        {
            return ExitCodes.BadInput;
        }

        var result = ReplayRunner.Run(good, catalog, marks, policy);
        if (result.Error is { } stopped)
        {
            return console.Refuse(stopped.ToString());
        }

        foreach (var error in result.Refused)
        {
            console.Error.WriteLine(error.ToString());
        }

        if (result.Refused.Count > 0 && !skipInvalid)
        {
            return ExitCodes.BadInput;
        }

        var skipped = bad.Count + result.Refused.Count;
        if (skipped > 0)
        {
            console.Error.WriteLine($"{skipped} invalid row{(skipped == 1 ? "" : "s")} skipped, {result.Fills.Count} folded");
        }

        foreach (var symbol in marks.Keys.Where(s => good.All(f => f.Fill.Symbol != s)))
        {
            console.Error.WriteLine($"--mark {symbol}: no fill has this symbol; ignored");
        }

        if (json)
        {
            JsonReport.WriteReplay(console, result);
        }
        else
        {
            TableReport.WriteReplay(console.Tables(), result);
        }

        return ExitCodes.Ok;
    }
}
