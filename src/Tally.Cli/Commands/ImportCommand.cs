using System.CommandLine;
using Spectre.Console;
using Tally.Cli.Output;
using Tally.Core;
using Tally.Import;
using Tally.Storage;

namespace Tally.Cli.Commands;

/// <summary>
/// <c>tally import FILE --format F</c>: append a fill file to the log in batches. Each batch is one
/// transaction; a bad row is listed and skipped, never blocking the rows beside it.
/// </summary>
public static class ImportCommand
{
    /// <summary>Exit code when every row was stored but some conflicted with stored fills and were quarantined.</summary>
    public const int Quarantined = 3;

    public static Command Create(CliConsole console, Option<string?> db, TimeProvider time)
    {
        var file = new Argument<FileInfo>("FILE") { Description = "The file to import." };
        var format = new Option<string>("--format")
        {
            Description = $"Input format: {string.Join(", ", FillFormats.Names)}.",
            Required = true,
            HelpName = "FORMAT",
        };
        var venue = new Option<string?>("--venue") { Description = "Venue to record the fills under (overrides the file's)." };
        var account = new Option<string?>("--account") { Description = "Account (bot instance) to record the fills under (overrides the file's)." };
        var instruments = new Option<FileInfo?>("--instruments") { Description = "CSV symbol,kind,base,quote,multiplier to register before importing." };
        var batchSize = new Option<int>("--batch-size") { Description = "Fills per transaction.", DefaultValueFactory = _ => 1000 };
        var ack = new Option<bool>("--ack") { Description = "After each committed batch print 'ack FIRST-LAST' (its first and last line) on stdout." };
        var json = CommonOptions.Json();
        var quiet = CommonOptions.Quiet();
        var command = new Command("import", "Append a fill file to the durable log (idempotent: re-importing stores nothing new).")
        {
            file, format, venue, account, instruments, batchSize, ack, json, quiet,
        };
        command.SetAction((parse, ct) => RunAsync(
            console,
            new ImportRequest(
                parse.GetValue(file)!,
                parse.GetValue(format)!,
                parse.GetValue(venue),
                parse.GetValue(account),
                parse.GetValue(instruments),
                parse.GetValue(batchSize),
                parse.GetValue(ack),
                parse.GetValue(json),
                parse.GetValue(quiet)),
            parse.GetValue(db),
            time,
            ct));
        return command;
    }

    private sealed record ImportRequest(FileInfo File, string Format, string? Venue, string? Account, FileInfo? Instruments, int BatchSize, bool Ack, bool Json, bool Quiet);

    private sealed class Counts
    {
        public int Stored { get; set; }

        public int Present { get; set; }

        public int Quarantined { get; set; }

        public List<RowError> Invalid { get; } = [];
    }

    private static async Task<int> RunAsync(CliConsole console, ImportRequest request, string? db, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!FillFormats.Names.Contains(request.Format, StringComparer.Ordinal))
        {
            return console.Refuse($"--format: \"{request.Format}\" is not one of {string.Join(", ", FillFormats.Names)}");
        }

        if (request.BatchSize <= 0)
        {
            return console.Refuse($"--batch-size: \"{request.BatchSize}\" is not a positive number");
        }

        if (InputFiles.Open(console, request.File, out var input) is { } unreadable)
        {
            return unreadable;
        }

        await using var stream = input!;

        var (log, exit) = await StoreAccess.OpenAsync(console, db, time, cancellationToken);
        if (log is null)
        {
            return exit;
        }

        await using (log)
        {
            if (request.Instruments is { } instrumentsFile)
            {
                var catalog = new InstrumentCatalog();
                if (InputFiles.LoadInstruments(console, instrumentsFile, catalog) is { } instrumentsExit)
                {
                    return instrumentsExit;
                }

                try
                {
                    await log.DefineInstrumentsAsync([.. catalog.Definitions], cancellationToken);
                }
                catch (InvalidOperationException e)
                {
                    return console.Refuse($"--instruments: {e.Message}");
                }
            }

            var counts = new Counts();
            try
            {
                using var reader = InputFiles.Reader(stream);
                var rows = FillFormats.Read(request.Format, reader, request.File.Name, new FillReadOptions(await log.InstrumentsAsync(cancellationToken), Venue: request.Venue, Account: request.Account));
                if (console.Interactive && !request.Json && !request.Quiet)
                {
                    await AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(console.Error) })
                        .Progress()
                        .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                        .StartAsync(async progress =>
                        {
                            var task = progress.AddTask($"importing {request.File.Name}", maxValue: Math.Max(1, stream.Length));
                            await IngestAsync(console, log, rows, request, counts, () => task.Value = stream.Position, cancellationToken);
                            task.Value = task.MaxValue;
                        });
                }
                else
                {
                    await IngestAsync(console, log, rows, request, counts, () => { }, cancellationToken);
                }
            }
            catch (InputFileException e)
            {
                return console.Refuse(e.Message);
            }
            catch (OverflowException)
            {
                // Unreachable while the readers keep amounts within AmountLimits; a last line rather than a stack trace.
                return console.Refuse($"{request.File.Name}: a position's totals would overflow the decimal range; the batches committed before this one are stored");
            }

            foreach (var error in counts.Invalid)
            {
                console.Error.WriteLine(error.ToString());
            }

            if (counts.Quarantined > 0)
            {
                console.Error.WriteLine($"ALERT: {counts.Quarantined} fills conflict with stored fills of the same id and were quarantined; see 'tally quarantine'");
            }

            if (request.Json)
            {
                JsonReport.Document(console, w =>
                {
                    w.WriteString("file", request.File.FullName);
                    w.WriteString("format", request.Format);
                    w.WriteString("db", log.Description);
                    w.WriteNumber("stored", counts.Stored);
                    w.WriteNumber("already_present", counts.Present);
                    w.WriteNumber("quarantined", counts.Quarantined);
                    w.WriteNumber("invalid", counts.Invalid.Count);
                    w.WriteStartArray("invalid_rows");
                    foreach (var error in counts.Invalid)
                    {
                        w.WriteStringValue(error.ToString());
                    }

                    w.WriteEndArray();
                });
            }
            else if (counts.Invalid.Count > 0)
            {
                // Bad input: nothing on stdout; the good rows are stored, and the counts say how many.
                console.Error.WriteLine(Summary(request, log, counts));
            }
            else if (!request.Ack)
            {
                var open = (await log.PositionsAsync(at: null, cancellationToken)).Where(p => p.IsOpen).ToList();
                var tables = console.Tables();
                if (open.Count > 0)
                {
                    tables.Write(TableReport.PositionsTable(open, _ => null).Title("Open positions"));
                }

                console.Text.WriteLine(Summary(request, log, counts));
            }

            return counts.Invalid.Count > 0 ? ExitCodes.BadInput : counts.Quarantined > 0 ? Quarantined : ExitCodes.Ok;
        }
    }

    private static string Summary(ImportRequest request, FillLog log, Counts counts) =>
        $"{request.File.Name} → {log.Description}: stored {counts.Stored}, already present {counts.Present}, quarantined {counts.Quarantined}, invalid {counts.Invalid.Count}";

    private static async Task IngestAsync(CliConsole console, FillLog log, IEnumerable<RowResult> rows, ImportRequest request, Counts counts, Action onBatch, CancellationToken cancellationToken)
    {
        var batch = new List<ParsedFill>(request.BatchSize);
        foreach (var row in rows)
        {
            if (row.Error is { } error)
            {
                counts.Invalid.Add(error);
                continue;
            }

            batch.Add(row.Fill!);
            if (batch.Count == request.BatchSize)
            {
                await CommitAsync(console, log, batch, request.Ack, counts, cancellationToken);
                onBatch();
            }
        }

        await CommitAsync(console, log, batch, request.Ack, counts, cancellationToken);
        onBatch();
    }

    private static async Task CommitAsync(CliConsole console, FillLog log, List<ParsedFill> batch, bool ack, Counts counts, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return;
        }

        var report = await log.IngestAsync([.. batch.Select(f => new IncomingFill(f.Fill, f.Raw))], cancellationToken);
        Count(report, counts);

        // A row the readers' checks let through but the ledger refuses; the rows beside it are stored.
        foreach (var (index, reason) in report.Rejected)
        {
            counts.Invalid.Add(new RowError(batch[index].Line, reason.Field, reason.Value, reason.Problem));
        }

        if (ack)
        {
            console.Text.WriteLine($"ack {batch[0].Line}-{batch[^1].Line}");
        }

        batch.Clear();
    }

    private static void Count(IngestReport report, Counts counts)
    {
        counts.Stored += report.Stored;
        counts.Present += report.AlreadyPresent;
        counts.Quarantined += report.QuarantinedCount;
    }
}
