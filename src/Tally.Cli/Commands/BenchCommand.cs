using System.CommandLine;
using System.Globalization;
using Spectre.Console;
using Tally.Cli.Bench;
using Tally.Cli.Output;
using Tally.Storage;

namespace Tally.Cli.Commands;

/// <summary><c>tally bench ledger|ingest|backfill|risk|signals</c>: whole-process figures, each beside a baseline measured in the same run.</summary>
public static class BenchCommand
{
    public static Command Create(CliConsole console, Option<string?> db)
    {
        var command = new Command("bench", "Measure this machine: ledger fold, durable ingest, exchange back-fill, risk ticks and signal latency against same-run baselines.")
        {
            Ledger(console),
            Ingest(console, db),
            Backfill(console, db),
            Risk(console),
            Signals(console, db),
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
        var command = new Command("ingest", "Durable fills/s and p50/p99 commit latency per batch size vs raw inserts into a bare table, and with the attribution layer vs without it (time ratio), on scratch copies of --db's kind.")
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
                        w.WriteNumber("no_attribution_fills_per_second", Math.Round(r.NoAttributionFillsPerSecond));
                        w.WriteNumber("no_attribution_p50_ms", Math.Round(r.NoAttributionP50.TotalMilliseconds, 3));
                        w.WriteNumber("no_attribution_p99_ms", Math.Round(r.NoAttributionP99.TotalMilliseconds, 3));
                        w.WriteNumber("attribution_cost_ratio", Math.Round(r.AttributionCost, 3));
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
                .AddColumn(new TableColumn("tally / raw").RightAligned())
                .AddColumn(new TableColumn("no attribution fills/s").RightAligned())
                .AddColumn(new TableColumn("attribution on / off").RightAligned());
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
                    r.Ratio.ToString("N2", CultureInfo.InvariantCulture),
                    r.NoAttributionFillsPerSecond.ToString("N0", CultureInfo.InvariantCulture),
                    r.AttributionCost.ToString("N2", CultureInfo.InvariantCulture) + "×");
            }

            console.Tables().Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Backfill(CliConsole console, Option<string?> db)
    {
        var trades = new Option<int>("--trades") { Description = "Historical trades the paper exchange holds (spread over 5 symbols and 30 days).", DefaultValueFactory = _ => 1_000_000 };
        var weightLimit = new Option<int>("--weight-limit") { Description = "REQUEST_WEIGHT per minute the paper exchange advertises (Binance USD-M: 2400).", DefaultValueFactory = _ => 2400 };
        var lifted = new Option<int>("--lifted-limit") { Description = "Weight limit of the second run that shows Tally's own speed; 0 skips it.", DefaultValueFactory = _ => 1_000_000 };
        var json = CommonOptions.Json();
        var quiet = CommonOptions.Quiet();
        var command = new Command("backfill", "Back-fill a paper exchange's history into a scratch store: trades/s against the ceiling the advertised weight limit sets.")
        {
            trades, weightLimit, lifted, json, quiet,
        };
        command.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(trades) <= 0)
            {
                return console.Refuse($"--trades: \"{parse.GetValue(trades)}\" is not a positive number");
            }

            if (parse.GetValue(weightLimit) < BackfillBench.UserTradesWeight)
            {
                return console.Refuse($"--weight-limit: \"{parse.GetValue(weightLimit)}\" is below one userTrades request ({BackfillBench.UserTradesWeight})");
            }

            if (parse.GetValue(lifted) is var liftedLimit && liftedLimit != 0 && liftedLimit < parse.GetValue(weightLimit))
            {
                return console.Refuse($"--lifted-limit: \"{liftedLimit}\" is neither 0 nor at least --weight-limit");
            }

            var spec = StoreLocator.Resolve(parse.GetValue(db));
            var rows = await BackfillBench.RunAsync(spec, parse.GetValue(trades), parse.GetValue(weightLimit), liftedLimit, Progress(console, parse.GetValue(json) || parse.GetValue(quiet)), ct);
            if (parse.GetValue(json))
            {
                JsonReport.Document(console, w =>
                {
                    w.WriteNumber("trades", parse.GetValue(trades));
                    w.WriteNumber("ceiling_trades_per_second", Math.Round(rows[0].CeilingTradesPerSecond));
                    w.WriteStartArray("results");
                    foreach (var r in rows)
                    {
                        w.WriteStartObject();
                        w.WriteString("name", r.Name);
                        w.WriteNumber("weight_limit", r.WeightLimit);
                        w.WriteNumber("seconds", Math.Round(r.Elapsed.TotalSeconds, 3));
                        w.WriteNumber("requests", r.Requests);
                        w.WriteNumber("refused_429_418", r.Refused);
                        w.WriteNumber("trades_per_second", Math.Round(r.TradesPerSecond));
                        w.WriteNumber("ratio_to_ceiling", Math.Round(r.RatioToCeiling, 3));
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                });
                return ExitCodes.Ok;
            }

            var table = new Table().Title($"Back-fill of {parse.GetValue(trades):N0} trades; ceiling at {parse.GetValue(weightLimit):N0} weight/min = {rows[0].CeilingTradesPerSecond:N0} trades/s")
                .AddColumn("run")
                .AddColumn(new TableColumn("weight/min").RightAligned())
                .AddColumn(new TableColumn("seconds").RightAligned())
                .AddColumn(new TableColumn("requests").RightAligned())
                .AddColumn(new TableColumn("429/418").RightAligned())
                .AddColumn(new TableColumn("trades/s").RightAligned())
                .AddColumn(new TableColumn("vs ceiling").RightAligned());
            foreach (var r in rows)
            {
                table.AddRow(
                    r.Name,
                    r.WeightLimit.ToString("N0", CultureInfo.InvariantCulture),
                    r.Elapsed.TotalSeconds.ToString("N1", CultureInfo.InvariantCulture),
                    r.Requests.ToString("N0", CultureInfo.InvariantCulture),
                    r.Refused.ToString("N0", CultureInfo.InvariantCulture),
                    r.TradesPerSecond.ToString("N0", CultureInfo.InvariantCulture),
                    r.RatioToCeiling.ToString("N2", CultureInfo.InvariantCulture) + "×");
            }

            console.Tables().Write(table);
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Risk(CliConsole console)
    {
        var positions = new Option<int>("--positions") { Description = "Open strategy positions.", DefaultValueFactory = _ => 10_000 };
        var symbols = new Option<int>("--symbols") { Description = "Symbols they are spread over.", DefaultValueFactory = _ => 500 };
        var ticks = new Option<int>("--ticks") { Description = "Ticks per monitor run.", DefaultValueFactory = _ => 1_000_000 };
        var naiveTicks = new Option<int>("--naive-ticks") { Description = "Ticks for the naive baseline (it scans every position per tick).", DefaultValueFactory = _ => 20_000 };
        var json = CommonOptions.Json();
        var quiet = CommonOptions.Quiet();
        var command = new Command("risk", "Risk monitor ticks/s and p50/p99 per tick vs a naive scan of every position, and a symbol's tick cost alone vs beside every other symbol's positions.")
        {
            positions, symbols, ticks, naiveTicks, json, quiet,
        };
        command.SetAction(parse =>
        {
            var (p, s, t, n) = (parse.GetValue(positions), parse.GetValue(symbols), parse.GetValue(ticks), parse.GetValue(naiveTicks));
            if (s <= 1 || p < s || t <= 0 || n <= 0)
            {
                return console.Refuse($"--symbols must be at least 2, --positions at least --symbols, --ticks and --naive-ticks positive (got {s}, {p}, {t}, {n})");
            }

            var rows = RiskBench.Run(p, s, t, n, Progress(console, parse.GetValue(json) || parse.GetValue(quiet)));
            var (monitor, naive, alone, beside) = (rows[0], rows[1], rows[2], rows[3]);
            var vsNaive = naive.NanosecondsPerTick / monitor.NanosecondsPerTick;
            var besideVsAlone = beside.NanosecondsPerTick / alone.NanosecondsPerTick;
            var vsNaiveP50 = naive.P50Ns / monitor.P50Ns;
            var besideVsAloneP50 = beside.P50Ns / alone.P50Ns;
            if (parse.GetValue(json))
            {
                JsonReport.Document(console, w =>
                {
                    w.WriteStartArray("results");
                    foreach (var r in rows)
                    {
                        w.WriteStartObject();
                        w.WriteString("name", r.Name);
                        w.WriteNumber("positions", r.Positions);
                        w.WriteNumber("symbols", r.Symbols);
                        w.WriteNumber("positions_on_ticked_symbols", r.PositionsOnTicked);
                        w.WriteNumber("ticks", r.Ticks);
                        w.WriteNumber("ticks_per_second", Math.Round(r.TicksPerSecond));
                        w.WriteNumber("ns_per_tick", Math.Round(r.NanosecondsPerTick, 1));
                        w.WriteNumber("p50_ns", Math.Round(r.P50Ns));
                        w.WriteNumber("p99_ns", Math.Round(r.P99Ns));
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                    w.WriteNumber("naive_over_monitor_mean", Math.Round(vsNaive, 2));
                    w.WriteNumber("naive_over_monitor_p50", Math.Round(vsNaiveP50, 2));
                    w.WriteNumber("beside_others_over_alone_mean", Math.Round(besideVsAlone, 3));
                    w.WriteNumber("beside_others_over_alone_p50", Math.Round(besideVsAloneP50, 3));
                });
                return ExitCodes.Ok;
            }

            var table = new Table().Title($"Risk monitor ticks, {p:N0} open positions over {s:N0} symbols")
                .AddColumn("run")
                .AddColumn(new TableColumn("positions").RightAligned())
                .AddColumn(new TableColumn("symbols").RightAligned())
                .AddColumn(new TableColumn("on ticked").RightAligned())
                .AddColumn(new TableColumn("ticks").RightAligned())
                .AddColumn(new TableColumn("ticks/s").RightAligned())
                .AddColumn(new TableColumn("ns/tick").RightAligned())
                .AddColumn(new TableColumn("p50").RightAligned())
                .AddColumn(new TableColumn("p99").RightAligned());
            foreach (var r in rows)
            {
                table.AddRow(
                    r.Name,
                    r.Positions.ToString("N0", CultureInfo.InvariantCulture),
                    r.Symbols.ToString("N0", CultureInfo.InvariantCulture),
                    r.PositionsOnTicked.ToString("N0", CultureInfo.InvariantCulture),
                    r.Ticks.ToString("N0", CultureInfo.InvariantCulture),
                    r.TicksPerSecond.ToString("N0", CultureInfo.InvariantCulture),
                    r.NanosecondsPerTick.ToString("N0", CultureInfo.InvariantCulture),
                    r.P50Ns.ToString("N0", CultureInfo.InvariantCulture) + " ns",
                    r.P99Ns.ToString("N0", CultureInfo.InvariantCulture) + " ns");
            }

            console.Tables().Write(table);
            console.Text.WriteLine(string.Create(CultureInfo.InvariantCulture, $"naive scan / monitor, time per tick: {vsNaive:N1}× (mean), {vsNaiveP50:N1}× (p50)"));
            console.Text.WriteLine(string.Create(CultureInfo.InvariantCulture, $"one symbol beside {s - 1:N0} others / alone, time per tick: {besideVsAlone:N2}× (mean), {besideVsAloneP50:N2}× (p50); 1 = independent of positions on other symbols"));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static Command Signals(CliConsole console, Option<string?> db)
    {
        var decisions = new Option<int>("--decisions") { Description = "Calls of the decision rules.", DefaultValueFactory = _ => 1_000_000 };
        var signals = new Option<int>("--signals") { Description = "Signals through the dispatcher, and through the API (and bare orders for the baseline).", DefaultValueFactory = _ => 1_000 };
        var json = CommonOptions.Json();
        var quiet = CommonOptions.Quiet();
        var command = new Command("signals", "Decisions/s of the signal rules and the dispatcher, and POST /api/signals → order on a paper exchange (p50/p99) vs a bare order round trip, on a scratch store of --db's kind.")
        {
            decisions, signals, json, quiet,
        };
        command.SetAction(async (parse, ct) =>
        {
            var (d, n) = (parse.GetValue(decisions), parse.GetValue(signals));
            if (d <= 0 || n <= 0)
            {
                return console.Refuse($"--decisions and --signals must be positive (got {d} and {n})");
            }

            var spec = StoreLocator.Resolve(parse.GetValue(db));
            var figures = await SignalsBench.RunAsync(spec, d, n, Progress(console, parse.GetValue(json) || parse.GetValue(quiet)), ct);
            var kind = spec.StartsWith("postgres", StringComparison.OrdinalIgnoreCase) ? "PostgreSQL" : "SQLite";
            var bare = figures.BareOrder;
            double Ratio(TimeSpan a, TimeSpan b) => b > TimeSpan.Zero ? a / b : 0;
            if (parse.GetValue(json))
            {
                JsonReport.Document(console, w =>
                {
                    w.WriteString("store", kind);
                    w.WriteStartArray("results");
                    foreach (var r in figures.Rows)
                    {
                        w.WriteStartObject();
                        w.WriteString("name", r.Name);
                        w.WriteNumber("operations", r.Operations);
                        w.WriteNumber("per_second", Math.Round(r.PerSecond));
                        w.WriteNumber("p50_ms", Math.Round(r.P50.TotalMilliseconds, 3));
                        w.WriteNumber("p99_ms", Math.Round(r.P99.TotalMilliseconds, 3));
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                    w.WriteNumber("answer_over_bare_p50", Math.Round(Ratio(figures.Answer.P50, bare.P50), 3));
                    w.WriteNumber("answer_over_bare_p99", Math.Round(Ratio(figures.Answer.P99, bare.P99), 3));
                    w.WriteNumber("to_wire_over_bare_p50", Math.Round(Ratio(figures.ToWire.P50, bare.P50), 3));
                    w.WriteNumber("to_wire_over_bare_p99", Math.Round(Ratio(figures.ToWire.P99, bare.P99), 3));
                    w.WriteNumber("added_p50_ms", Math.Round(figures.Added.P50.TotalMilliseconds, 3));
                    w.WriteNumber("added_p99_ms", Math.Round(figures.Added.P99.TotalMilliseconds, 3));
                    w.WriteStartArray("spans");
                    foreach (var span in figures.Spans)
                    {
                        w.WriteStartObject();
                        w.WriteString("run", span.Run);
                        w.WriteString("name", span.Name);
                        w.WriteNumber("calls_per_signal", Math.Round(span.CallsPerSignal, 3));
                        w.WriteNumber("mean_ms", Math.Round(span.Mean.TotalMilliseconds, 3));
                        w.WriteNumber("p50_ms", Math.Round(span.P50.TotalMilliseconds, 3));
                        w.WriteNumber("p99_ms", Math.Round(span.P99.TotalMilliseconds, 3));
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                });
                return ExitCodes.Ok;
            }

            var table = new Table().Title($"Signals on {kind}")
                .AddColumn("run")
                .AddColumn(new TableColumn("count").RightAligned())
                .AddColumn(new TableColumn("per second").RightAligned())
                .AddColumn(new TableColumn("p50").RightAligned())
                .AddColumn(new TableColumn("p99").RightAligned());
            foreach (var r in figures.Rows)
            {
                var timed = r.P50 > TimeSpan.Zero;
                table.AddRow(
                    r.Name,
                    r.Operations.ToString("N0", CultureInfo.InvariantCulture),
                    r.PerSecond.ToString("N0", CultureInfo.InvariantCulture),
                    timed ? Ms(r.P50) : "–",
                    timed ? Ms(r.P99) : "–");
            }

            console.Tables().Write(table);
            var spans = new Table().Title("Where a signal's time goes (per signal, summed over its calls)")
                .AddColumn("run")
                .AddColumn("span")
                .AddColumn(new TableColumn("calls").RightAligned())
                .AddColumn(new TableColumn("mean").RightAligned())
                .AddColumn(new TableColumn("p50").RightAligned())
                .AddColumn(new TableColumn("p99").RightAligned());
            foreach (var span in figures.Spans)
            {
                spans.AddRow(span.Run, span.Name, span.CallsPerSignal.ToString("N1", CultureInfo.InvariantCulture), Ms(span.Mean), Ms(span.P50), Ms(span.P99));
            }

            console.Tables().Write(spans);
            console.Text.WriteLine(string.Create(CultureInfo.InvariantCulture, $"POST → answer / bare order round trip: p50 {Ratio(figures.Answer.P50, bare.P50):N2}×, p99 {Ratio(figures.Answer.P99, bare.P99):N2}×"));
            console.Text.WriteLine(string.Create(CultureInfo.InvariantCulture, $"POST → order on the wire / bare order round trip: p50 {Ratio(figures.ToWire.P50, bare.P50):N2}×, p99 {Ratio(figures.ToWire.P99, bare.P99):N2}×"));
            console.Text.WriteLine(string.Create(CultureInfo.InvariantCulture, $"added before the order is on the wire (to the wire − bare round trip): p50 {Ms(figures.Added.P50)}, p99 {Ms(figures.Added.P99)}"));
            return ExitCodes.Ok;
        });
        return command;
    }

    private static string Ms(TimeSpan span) => span.TotalMilliseconds.ToString("N2", CultureInfo.InvariantCulture) + " ms";

    private static Action<string> Progress(CliConsole console, bool silent) =>
        silent ? _ => { } : message => console.Error.WriteLine($"bench: {message}…");
}
