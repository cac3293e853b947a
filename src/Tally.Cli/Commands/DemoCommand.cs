using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Tally.Api;
using Tally.Cli.Demo;
using Tally.Cli.Run;
using Tally.Core;
using Tally.Engine.Dispatch;
using Tally.Engine.Risk;
using Tally.PaperExchange;

namespace Tally.Cli.Commands;

/// <summary>
/// <c>tally demo</c>: everything at once, without configuration. A paper exchange in this process (hedge mode; the
/// demo's seeded walk or a price file moves its prices), a scratch SQLite store, and <c>tally run</c>'s own host
/// (<see cref="RunCommand.BuildHost"/>, from a config file the demo writes) following its account with the dispatcher,
/// the risk monitor and the API (and whatever else the run host serves), plus three demo strategies that send signals
/// with TP and SL (<see cref="DemoService"/>). The first line is the URL; then one line per strategy position opened or
/// closed, rejected signal and risk event, until Ctrl+C or <c>--for</c>.
/// </summary>
public static class DemoCommand
{
    /// <summary>The paper exchange's account, as the run host names it.</summary>
    public const string Account = "demo";

    /// <summary>The API token of the demo (writes: force close, posting signals). Loopback only, scratch data.</summary>
    public const string Token = "demo";

    /// <summary>How often the demo's market moves.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    /// <summary>The demo's symbols and the notional of one entry on each (above the paper exchange's minimum).</summary>
    private static readonly (string Symbol, decimal Notional)[] Symbols = [("BTCUSDT", 200m), ("ETHUSDT", 150m)];

    public static Command Create(CliConsole console, Option<string?> db, TimeProvider time)
    {
        var port = new Option<int>("--port") { Description = "Port of the dashboard and API on 127.0.0.1 (default 0: any free port).", DefaultValueFactory = _ => 0, HelpName = "P" };
        var seed = new Option<int>("--seed") { Description = "Seed of the price walk (and of the paper exchange): the same seed gives the same prices and signals.", DefaultValueFactory = _ => 1, HelpName = "N" };
        var prices = new Option<string[]>("--prices")
        {
            Description = $"Move a symbol by a LEAN trade-bar file (.zip or .csv), one bar per step, instead of the walk ({string.Join(", ", Symbols.Select(s => s.Symbol))}; a bare FILE is {Symbols[0].Symbol}). Repeatable.",
            HelpName = "[SYMBOL=]FILE",
            AllowMultipleArgumentsPerToken = false,
        };
        var duration = new Option<string?>("--for") { Description = "Stop by itself after this long (N followed by ms, s, m or h); default: until Ctrl+C.", HelpName = "DURATION" };
        var quiet = new Option<bool>("--quiet", "-q") { Description = "Print only the URL line." };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Log what the engine does on stderr (default: warnings)." };
        var command = new Command(
            "demo",
            "Run everything with no configuration: a paper exchange, a scratch store (or --db), the engine with its API and dashboard, and three demo strategies trading BTCUSDT and ETHUSDT in hedge mode. Prints the URL first; Ctrl+C stops it.")
        {
            port, seed, prices, duration, quiet, verbose,
        };
        command.SetAction(async (parse, ct) =>
        {
            if (parse.GetValue(port) is < 0 or > 65535)
            {
                return console.Refuse($"--port: {parse.GetValue(port)} is not a port from 0 (any free one) to 65535");
            }

            TimeSpan? stopAfter = null;
            if (parse.GetValue(duration) is { } durationText)
            {
                if (Durations.Parse(durationText) is not { } parsed)
                {
                    return console.Refuse($"--for: \"{durationText}\" is not a duration such as 40s, 5m, 1h or 250ms");
                }

                stopAfter = parsed;
            }

            var (files, problem) = ReadPriceFiles(parse.GetValue(prices) ?? []);
            if (problem is not null)
            {
                return console.Refuse(problem);
            }

            var options = new PaperExchangeOptions
            {
                Seed = parse.GetValue(seed),
                PositionMode = PositionMode.Hedge,
                // The demo moves the prices; an order does not.
                Symbols = [.. PaperSymbol.Defaults.Select(s => s with { MaxTicksPerStep = 0 })],
            };
            PaperExchangeHost exchange;
            try
            {
                exchange = await PaperExchangeHost.StartAsync(options, ct);
            }
            catch (ArgumentException e)
            {
                return console.Refuse($"demo: paper exchange: {e.Message}");
            }

            var scratch = Directory.CreateTempSubdirectory("tally-demo-");
            try
            {
                await using var running = exchange;
                var config = WriteConfig(scratch.FullName, exchange, parse.GetValue(port), time);
                if (RunCommand.Read(config, DispatchSettings, time, out problem) is not { } run)
                {
                    return console.Refuse(problem);
                }

                var (log, exit) = await StoreAccess.OpenAsync(console, parse.GetValue(db) ?? $"sqlite:{Path.Combine(scratch.FullName, "demo.db")}", time, ct);
                if (log is null)
                {
                    return exit;
                }

                await using (log)
                {
                    var output = new DemoOutput(console.Text, parse.GetValue(quiet), time);
                    var markets = Markets(exchange.Venue, files, options.Seed);
                    var stamp = $"demo{time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)}";

                    // The run's own state lines (accounts, "api: listening") stay quiet: the demo's first line is the URL.
                    var outcome = new RunOutcome(new CliConsole(Stream.Null, console.Error), run.Config.Accounts.Count);
                    var chatty = parse.GetValue(verbose);
                    await using var host = RunCommand.BuildHost(run, log, time, outcome, chatty, services =>
                    {
                        if (!chatty)
                        {
                            // Its events are the demo's own lines on stdout already.
                            services.Configure<LoggerFilterOptions>(o => o.AddFilter(typeof(RiskMonitorService).FullName, LogLevel.Error));
                        }

                        services.AddSingleton<IHostedService>(sp => new DemoNarrator(log, output));
                        services.AddSingleton<IHostedService>(sp => new DemoService(
                            exchange.Venue,
                            sp.GetRequiredService<ISignalIntake>(),
                            markets,
                            output,
                            run.Config.Accounts[0].Venue,
                            Account,
                            stamp,
                            Interval,
                            time,
                            sp.GetRequiredService<ILogger<DemoService>>()));
                    });
                    host.Lifetime.ApplicationStarted.Register(() => output.Listening(host.Addresses()[0], Token));
                    using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
                    if (stopAfter is { } after)
                    {
                        stop.CancelAfter(after);
                    }

                    return await RunCommand.RunHostAsync(host, run, outcome, console, stop.Token);
                }
            }
            finally
            {
                DeleteScratch(scratch);
            }
        });
        return command;
    }

    /// <summary>The dispatcher's settings of the demo, as <c>tally run</c> reads them from the environment: hedge mode, at most two positions a side.</summary>
    private static string? DispatchSettings(string name) => name switch
    {
        "POSITION_MODE" => "hedge",
        "MAX_ACCUMULATIONS" => "2",
        "TALLY_INSTANCE" => "demo",
        _ => null,
    };

    /// <summary>Per symbol its feed (file or seeded walk) and the three strategies on it.</summary>
    private static List<DemoMarket> Markets(PaperVenue venue, Dictionary<string, IReadOnlyList<decimal>> files, int seed)
    {
        var markets = new List<DemoMarket>();
        for (var i = 0; i < Symbols.Length; i++)
        {
            var (symbol, notional) = Symbols[i];
            venue.TryGetSymbol(symbol, out var filters);
            var feed = files.TryGetValue(symbol, out var closes)
                ? DemoFeed.File(closes, filters.TickSize)
                : DemoFeed.Walk(filters.StartPrice, filters.TickSize, unchecked((seed * 31) + i));
            markets.Add(new DemoMarket(
                symbol,
                filters.TickSize,
                filters.StepSize,
                notional,
                feed,
                [new DemoStrategy(new MomentumRule(), symbol), new DemoStrategy(new MeanReversionRule(), symbol), new DemoStrategy(new BreakoutRule(), symbol)]));
        }

        return markets;
    }

    /// <summary>Reads <c>[SYMBOL=]FILE</c> items; the refusal line for a bad one.</summary>
    private static (Dictionary<string, IReadOnlyList<decimal>> Files, string? Problem) ReadPriceFiles(string[] specs)
    {
        var files = new Dictionary<string, IReadOnlyList<decimal>>(StringComparer.Ordinal);
        foreach (var spec in specs)
        {
            var pair = spec.Split('=', 2, StringSplitOptions.TrimEntries);
            var (symbol, path) = pair.Length == 2 ? (pair[0].ToUpperInvariant(), pair[1]) : (Symbols[0].Symbol, spec);
            if (!Symbols.Any(s => s.Symbol == symbol))
            {
                return (files, $"--prices: \"{symbol}\" is not a demo symbol ({string.Join(", ", Symbols.Select(s => s.Symbol))})");
            }

            if (files.ContainsKey(symbol))
            {
                return (files, $"--prices: \"{symbol}\" is given twice");
            }

            try
            {
                files.Add(symbol, LeanBars.ReadCloses(path));
            }
            catch (ArgumentException e)
            {
                return (files, $"--prices: {e.Message}");
            }
        }

        return (files, null);
    }

    /// <summary>
    /// The run host's config for the paper exchange's account, as a user would write it: tally.json and the key file
    /// (owner-only) in the scratch folder. Returns the config's path.
    /// </summary>
    private static string WriteConfig(string folder, PaperExchangeHost exchange, int port, TimeProvider time)
    {
        var keys = Path.Combine(folder, "keys");
        File.WriteAllText(keys, $"{exchange.ApiKey}\n{exchange.ApiSecret}\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(keys, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        var path = Path.Combine(folder, "tally.json");
        using (var stream = File.Create(path))
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteStartArray("accounts");
            json.WriteStartObject();
            json.WriteString("name", Account);
            json.WriteString("base_url", exchange.BaseAddress.AbsoluteUri);
            json.WriteString("credentials_file", keys);
            json.WriteStartArray("symbols");
            foreach (var (symbol, _) in Symbols)
            {
                json.WriteStringValue(symbol);
            }

            json.WriteEndArray();
            json.WriteString("since", time.GetUtcNow().AddMinutes(-1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            json.WriteEndObject();
            json.WriteEndArray();
            json.WriteStartObject("api");
            json.WriteString("port", port.ToString(CultureInfo.InvariantCulture));
            json.WriteString("token", Token);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return path;
    }

    /// <summary>The scratch folder goes with the demo (a store given with --db stays where it is).</summary>
    private static void DeleteScratch(DirectoryInfo scratch)
    {
        try
        {
            scratch.Delete(recursive: true);
        }
        catch (IOException)
        {
            // Something still holds a file: it is in the temp folder, which the system cleans.
        }
        catch (UnauthorizedAccessException)
        {
            // As above.
        }
    }
}
