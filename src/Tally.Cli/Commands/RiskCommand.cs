using System.CommandLine;
using Spectre.Console;
using Tally.Cli.Output;
using Tally.Cli.Risk;
using Tally.Core;
using Tally.Core.Risk;
using Tally.Import;

namespace Tally.Cli.Commands;

/// <summary><c>tally risk replay</c>: the risk monitor's rules (DESIGN §5) over a price file and a fill file, offline.</summary>
public static class RiskCommand
{
    public static Command Create(CliConsole console, Option<string?> db, TimeProvider time)
    {
        var prices = new Option<FileInfo>("--prices")
        {
            Description = "CSV of ticks: ts, symbol, price, optionally qty and side (the taker's, BUY|SELL).",
            Required = true,
            HelpName = "TICKS.csv",
        };
        var fills = new Option<FileInfo?>("--fills")
        {
            Description = "CSV of fills in tally replay's format with its strategy columns; entries open strategy positions at their time and price. Every row needs ts.",
            HelpName = "FILLS.csv",
        };
        var balance = new Option<string>("--balance")
        {
            Description = "Starting wallet balance in the settlement asset (the breaker's first day start).",
            DefaultValueFactory = _ => "10000",
            HelpName = "N",
        };
        var config = new Option<FileInfo?>("--config")
        {
            Description = "risk.json with risk settings in snake_case (see the README); absent fields keep DESIGN §5's defaults.",
            HelpName = "risk.json",
        };
        var feeRate = new Option<string>("--fee-rate")
        {
            Description = "Fee of each simulated exit as a fraction of its notional (0.0005 = 0.05 %).",
            DefaultValueFactory = _ => "0",
            HelpName = "X",
        };
        var instruments = new Option<FileInfo?>("--instruments")
        {
            Description = "CSV symbol,kind,base,quote,multiplier (kind: spot|linear|inverse). Unlisted symbols are linear, multiplier 1.",
        };
        var json = CommonOptions.Json();
        var quiet = CommonOptions.Quiet();

        var replay = new Command("replay", "Run the risk rules over ticks and fills in time order; every exit is filled at the triggering price and folded back.")
        {
            prices, fills, balance, config, feeRate, instruments, json, quiet,
        };
        replay.SetAction(parse => Replay(
            console,
            new Request(
                parse.GetValue(prices)!,
                parse.GetValue(fills),
                parse.GetValue(balance)!,
                parse.GetValue(config),
                parse.GetValue(feeRate)!,
                parse.GetValue(instruments),
                parse.GetValue(json),
                parse.GetValue(quiet))));

        return new Command("risk", "The risk monitor's rules: trailing stops, dump, correlation, health, breaker, hold time.")
        {
            replay,
            RiskLiveCommands.Status(console, db, time),
            RiskLiveCommands.Reset(console, db, time),
        };
    }

    private static int Replay(CliConsole console, Request request)
    {
        if (FieldParser.PositiveDecimal(request.Balance, out var balance) is not null)
        {
            return console.Refuse($"--balance: \"{request.Balance}\" is not a positive number");
        }

        if (FieldParser.Decimal(request.FeeRate, out var feeRate) is not null || feeRate < 0m || feeRate >= 1m)
        {
            return console.Refuse($"--fee-rate: \"{request.FeeRate}\" is not a fraction from 0 to 1");
        }

        var settings = new RiskSettings();
        if (request.Config is { } configFile)
        {
            if (InputFiles.Open(console, configFile, out var configStream) is { } configExit)
            {
                return configExit;
            }

            string text;
            using (var reader = InputFiles.Reader(configStream!))
            {
                text = reader.ReadToEnd();
            }

            var (parsed, problem) = RiskConfig.Parse(text, configFile.Name);
            if (problem is not null)
            {
                return console.Refuse(problem);
            }

            settings = parsed!;
        }

        var catalog = new InstrumentCatalog();
        if (request.Instruments is { } instrumentsFile && InputFiles.LoadInstruments(console, instrumentsFile, catalog) is { } instrumentsExit)
        {
            return instrumentsExit;
        }

        var bad = new List<RowError>();
        var fillRows = new List<ParsedFill>();
        if (request.Fills is { } fillsFile)
        {
            if (InputFiles.Open(console, fillsFile, out var fillStream) is { } fillsExit)
            {
                return fillsExit;
            }

            try
            {
                using var reader = InputFiles.Reader(fillStream!);
                foreach (var row in TallyCsvFormat.Read(reader, fillsFile.Name, new FillReadOptions(catalog)))
                {
                    if (row.Fill is not { } fill)
                    {
                        bad.Add(row.Error!);
                    }
                    else if (fill.Fill.Timestamp is null)
                    {
                        bad.Add(new RowError(fill.Line, "ts", string.Empty, "is empty: risk replay folds fills and ticks in time order"));
                    }
                    else
                    {
                        fillRows.Add(fill);
                    }
                }
            }
            catch (InputFileException e)
            {
                return console.Refuse(e.Message);
            }

            if (Report(console, fillsFile.Name, bad) is { } badFills)
            {
                return badFills;
            }
        }

        if (InputFiles.Open(console, request.Prices, out var tickStream) is { } ticksExit)
        {
            return ticksExit;
        }

        var ticks = new List<(int Line, RiskTick Tick)>();
        var showProgress = console.Interactive && !request.Json && !request.Quiet;
        try
        {
            using var reader = InputFiles.Reader(tickStream!);
            void ReadAll(Action onRow)
            {
                foreach (var (line, tick, error) in TicksCsv.Read(reader, request.Prices.Name))
                {
                    if (error is not null)
                    {
                        bad.Add(error);
                    }
                    else
                    {
                        ticks.Add((line, tick!.Value));
                    }

                    if ((line & 0x3FFF) == 0)
                    {
                        onRow();
                    }
                }
            }

            if (showProgress)
            {
                Progress(console).Start(progress =>
                {
                    var task = progress.AddTask($"reading {request.Prices.Name}", maxValue: Math.Max(1, tickStream!.Length));
                    ReadAll(() => task.Value = tickStream.Position);
                    task.Value = task.MaxValue;
                });
            }
            else
            {
                ReadAll(() => { });
            }
        }
        catch (InputFileException e)
        {
            return console.Refuse(e.Message);
        }

        if (Report(console, request.Prices.Name, bad) is { } badTicks)
        {
            return badTicks;
        }

        RiskReplayResult result = null!;
        if (showProgress)
        {
            Progress(console).Start(progress =>
            {
                var task = progress.AddTask("replaying", maxValue: Math.Max(1, ticks.Count + fillRows.Count));
                result = RiskReplayRunner.Run(ticks, fillRows, catalog, settings, balance, feeRate, done => task.Value = done);
                task.Value = task.MaxValue;
            });
        }
        else
        {
            result = RiskReplayRunner.Run(ticks, fillRows, catalog, settings, balance, feeRate);
        }

        if (result.Error is { } stopped)
        {
            return console.Refuse($"{request.Fills!.Name}: {stopped}");
        }

        if (request.Json)
        {
            RiskReport.WriteJson(console, result);
        }
        else
        {
            RiskReport.WriteTables(console.Tables(), result);
        }

        return ExitCodes.Ok;
    }

    private static int? Report(CliConsole console, string file, List<RowError> bad)
    {
        if (bad.Count == 0)
        {
            return null;
        }

        foreach (var error in bad)
        {
            console.Error.WriteLine($"{file}: {error}");
        }

        return ExitCodes.BadInput;
    }

    private static Spectre.Console.Progress Progress(CliConsole console) =>
        AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(console.Error) })
            .Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn());

    private sealed record Request(FileInfo Prices, FileInfo? Fills, string Balance, FileInfo? Config, string FeeRate, FileInfo? Instruments, bool Json, bool Quiet);
}
