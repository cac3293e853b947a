using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Tally.Cli.Bench;
using Tally.Cli.Output;
using Tally.Storage;

namespace Tally.Cli.Commands;

/// <summary><c>tally bench ledger|ingest</c>: whole-process figures, each beside a baseline measured in the same run.</summary>
public static class BenchCommand
{
    public static Command Create(CliConsole console, Option<string?> db)
    {
        var command = new Command("bench", "Measure this machine: ledger fold and durable ingest rates against same-run baselines.")
        {
            Ledger(console),
            Ingest(console, db),
        };
        return command;
    }

    private static Command Ledger(CliConsole console)
    {
        var fills = new Option<int>("--fills") { Description = "Fills to fold.", DefaultValueFactory = _ => 1_000_000 };
        var symbols = new Option<int>("--symbols") { Description = "Distinct symbols.", DefaultValueFactory = _ => 1_000 };
        var json = CommonOptions.Json();
        var quiet = CommonOptions.Quiet();
        var command = new Command("ledger", "Fold synthetic fills (opens, adds, reduces, closes, flips): fills/s and bytes/fill vs a dictionary-and-arithmetic baseline.")
        {
            fills, symbols, json, quiet,
        };
        command.SetAction(parse =>
        {
            var count = parse.GetValue(fills);
            var symbolCount = parse.GetValue(symbols);
            if (count < 2 || symbolCount <= 0)
            {
                return console.Refuse($"--fills must be at least 2 and --symbols positive (got {count} and {symbolCount})");
            }

            var figures = LedgerBench.Run(count, symbolCount, Progress(console, parse.GetValue(json) || parse.GetValue(quiet)));
            var baseline = figures[0];
            if (parse.GetValue(json))
            {
                JsonReport.Document(console, w =>
                {
                    w.WriteNumber("fills", count);
                    w.WriteNumber("symbols", symbolCount);
                    w.WriteStartArray("results");
                    foreach (var f in figures)
                    {
                        w.WriteStartObject();
                        w.WriteString("name", f.Name);
                        w.WriteNumber("fills_per_second", Math.Round(f.FillsPerSecond));
                        w.WriteNumber("bytes_per_fill", Math.Round(f.BytesPerFill, 2));
                        w.WriteNumber("time_ratio_vs_baseline", Math.Round(f.Elapsed / baseline.Elapsed, 3));
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                });
                return ExitCodes.Ok;
            }

            var table = new Table().Title($"Ledger fold, {count:N0} fills over {symbolCount:N0} symbols")
                .AddColumn("run")
                .AddColumn(new TableColumn("fills/s").RightAligned())
                .AddColumn(new TableColumn("ns/fill").RightAligned())
                .AddColumn(new TableColumn("bytes/fill").RightAligned())
                .AddColumn(new TableColumn("time vs baseline").RightAligned());
            foreach (var f in figures)
            {
                table.AddRow(
                    f.Name,
                    f.FillsPerSecond.ToString("N0", CultureInfo.InvariantCulture),
                    (f.Elapsed.TotalNanoseconds / f.Fills).ToString("N1", CultureInfo.InvariantCulture),
                    f.BytesPerFill.ToString("N2", CultureInfo.InvariantCulture),
                    (f.Elapsed / baseline.Elapsed).ToString("N2", CultureInfo.InvariantCulture) + "×");
            }

            console.Tables().Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Ingest(CliConsole console, Option<string?> db)
    {
        var fills = new Option<int>("--fills") { Description = "Fills per batch size (single-fill batches use at most 2,000).", DefaultValueFactory = _ => 100_000 };
        var batches = new Option<string>("--batches") { Description = "Comma-separated batch sizes.", DefaultValueFactory = _ => "1,100,10000" };
        var json = CommonOptions.Json();
        var quiet = CommonOptions.Quiet();
        var command = new Command("ingest", "Durable fills/s and p50/p99 commit latency per batch size vs raw inserts into a bare table, on scratch copies of --db's kind.")
        {
            fills, batches, json, quiet,
        };
        command.SetAction(async (parse, ct) =>
        {
            var sizes = new List<int>();
            foreach (var part in parse.GetValue(batches)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var size) || size <= 0)
                {
                    return console.Refuse($"--batches: \"{part}\" is not a positive number");
                }

                sizes.Add(size);
            }

            if (parse.GetValue(fills) <= 0)
            {
                return console.Refuse($"--fills: \"{parse.GetValue(fills)}\" is not a positive number");
            }

            var spec = StoreLocator.Resolve(parse.GetValue(db));
            var rows = await IngestBench.RunAsync(spec, parse.GetValue(fills), sizes, Progress(console, parse.GetValue(json) || parse.GetValue(quiet)), ct);
            var kind = spec.StartsWith("postgres", StringComparison.OrdinalIgnoreCase) ? "PostgreSQL" : "SQLite";
            if (parse.GetValue(json))
            {
                JsonReport.Document(console, w =>
                {
                    w.WriteString("store", kind);
                    w.WriteStartArray("results");
                    foreach (var r in rows)
                    {
                        w.WriteStartObject();
                        w.WriteNumber("batch_size", r.BatchSize);
                        w.WriteNumber("fills", r.Fills);
                        w.WriteNumber("fills_per_second", Math.Round(r.FillsPerSecond));
                        w.WriteNumber("p50_ms", Math.Round(r.P50.TotalMilliseconds, 3));
                        w.WriteNumber("p99_ms", Math.Round(r.P99.TotalMilliseconds, 3));
                        w.WriteNumber("baseline_fills_per_second", Math.Round(r.BaselineFillsPerSecond));
                        w.WriteNumber("baseline_p50_ms", Math.Round(r.BaselineP50.TotalMilliseconds, 3));
                        w.WriteNumber("baseline_p99_ms", Math.Round(r.BaselineP99.TotalMilliseconds, 3));
                        w.WriteNumber("ratio_vs_baseline", Math.Round(r.Ratio, 3));
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                });
                return ExitCodes.Ok;
            }

            var table = new Table().Title($"Durable ingest on {kind}")
                .AddColumn(new TableColumn("batch").RightAligned())
                .AddColumn(new TableColumn("fills").RightAligned())
                .AddColumn(new TableColumn("tally fills/s").RightAligned())
                .AddColumn(new TableColumn("p50 commit").RightAligned())
                .AddColumn(new TableColumn("p99 commit").RightAligned())
                .AddColumn(new TableColumn("raw fills/s").RightAligned())
                .AddColumn(new TableColumn("raw p50").RightAligned())
                .AddColumn(new TableColumn("raw p99").RightAligned())
                .AddColumn(new TableColumn("tally / raw").RightAligned());
            foreach (var r in rows)
            {
                table.AddRow(
                    r.BatchSize.ToString("N0", CultureInfo.InvariantCulture),
                    r.Fills.ToString("N0", CultureInfo.InvariantCulture),
                    r.FillsPerSecond.ToString("N0", CultureInfo.InvariantCulture),
                    Ms(r.P50),
                    Ms(r.P99),
                    r.BaselineFillsPerSecond.ToString("N0", CultureInfo.InvariantCulture),
                    Ms(r.BaselineP50),
                    Ms(r.BaselineP99),
                    r.Ratio.ToString("N2", CultureInfo.InvariantCulture));
            }

            console.Tables().Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string Ms(TimeSpan span) => span.TotalMilliseconds.ToString("N2", CultureInfo.InvariantCulture) + " ms";

    private static Action<string> Progress(CliConsole console, bool silent) =>
        silent ? _ => { } : message => console.Error.WriteLine($"bench: {message}…");
}
