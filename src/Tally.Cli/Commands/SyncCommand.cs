using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Tally.Cli.Output;
using Tally.Core;
using Tally.Engine;
using Tally.Exchanges.Binance;
using Tally.Exchanges.Binance.Client;

namespace Tally.Cli.Commands;

/// <summary>
/// <c>tally sync</c>: back-fill a Binance USD-M (or, with <c>--market spot</c>, spot) account's trades over REST
/// into the fill log, from the saved checkpoints (every page commits with its checkpoint), once, as a periodic
/// sweep, or followed by the user-data stream.
/// </summary>
public static class SyncCommand
{
    public static Command Create(CliConsole console, Option<string?> db, TimeProvider time)
    {
        var baseUrl = new Option<string>("--base-url") { Description = "REST base URL, e.g. the paper exchange's, or https://fapi.binance.com.", Required = true, HelpName = "URL" };
        var symbols = new Option<string>("--symbols") { Description = "Comma-separated symbols to synchronize, e.g. BTCUSDT,ETHUSDT.", Required = true };
        var market = new Option<string>("--market") { Description = "futures (USD-M, /fapi) or spot (/api/v3, user data over the WebSocket API).", DefaultValueFactory = _ => "futures", HelpName = "futures|spot" };
        var venue = new Option<string?>("--venue") { Description = $"Venue name the fills are stored under (default {TradeSyncOptions.DefaultVenue}, or {SpotTradeSynchronizer.DefaultVenue} with --market spot)." };
        var account = new Option<string>("--account") { Description = "Account (bot instance) name the fills are stored under.", DefaultValueFactory = _ => "default" };
        var since = new Option<string?>("--since") { Description = "Where a symbol with no checkpoint starts (ISO-8601 or Unix ms; default 7 days ago).", HelpName = "TIME" };
        var sweep = new Option<TimeSpan?>("--sweep") { Description = "Keep sweeping at this interval (e.g. 00:05:00) until Ctrl+C, instead of one pass.", HelpName = "INTERVAL" };
        var follow = new Option<bool>("--follow") { Description = "After the back-fill, follow the user-data stream until Ctrl+C (back-fills again on every reconnect; detects a silent stream)." };
        var streamUrl = new Option<string?>("--stream-url")
        {
            Description = "Futures: WebSocket base the listenKey is appended to (default: ws(s)://<base-url host>/ws/; Binance: wss://fstream.binance.com/private/ws/). Spot: the WebSocket API URL (default: ws(s)://<base-url host>/ws-api/v3; Binance: wss://ws-api.binance.com:443/ws-api/v3).",
            HelpName = "URL",
        };
        var pageLimit = new Option<int>("--page-limit") { Description = "Trades per userTrades/myTrades request (1–1000).", DefaultValueFactory = _ => 1000 };
        var credentials = new Option<FileInfo?>("--credentials")
        {
            Description = $"File with the API key and secret on two lines (mode 600). Default: ${ApiCredentials.KeyVariable} and ${ApiCredentials.SecretVariable}.",
        };
        var json = CommonOptions.Json();
        var command = new Command("sync", "Back-fill a Binance USD-M or spot account's trades into the fill log from the saved checkpoints (idempotent).")
        {
            baseUrl, symbols, market, venue, account, since, sweep, follow, streamUrl, pageLimit, credentials, json,
        };
        command.SetAction(async (parse, ct) =>
        {
            var symbolList = parse.GetValue(symbols)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            if (symbolList.Length == 0)
            {
                return console.Refuse("--symbols: name at least one symbol");
            }

            if (!StoreAccess.TryTime(console, "--since", parse.GetValue(since), out var sinceTime))
            {
                return ExitCodes.BadInput;
            }

            var spot = parse.GetValue(market) switch
            {
                "futures" => false,
                "spot" => true,
                _ => (bool?)null,
            };
            if (spot is null)
            {
                return console.Refuse($"--market: \"{parse.GetValue(market)}\" is not futures or spot");
            }

            if (parse.GetValue(pageLimit) is < 1 or > 1000)
            {
                return console.Refuse($"--page-limit: \"{parse.GetValue(pageLimit)}\" is not from 1 to 1000");
            }

            if (parse.GetValue(sweep) is { } interval && interval <= TimeSpan.Zero)
            {
                return console.Refuse($"--sweep: \"{interval}\" is not a positive interval");
            }

            if (!Uri.TryCreate(parse.GetValue(baseUrl), UriKind.Absolute, out var baseAddress) || (baseAddress.Scheme != Uri.UriSchemeHttp && baseAddress.Scheme != Uri.UriSchemeHttps))
            {
                return console.Refuse($"--base-url: \"{parse.GetValue(baseUrl)}\" is not an http(s) URL");
            }

            if (parse.GetValue(follow) && parse.GetValue(sweep) is not null)
            {
                return console.Refuse("--follow and --sweep do not go together (the follower checks REST itself)");
            }

            Uri streamBase;
            if (parse.GetValue(streamUrl) is { } streamText)
            {
                if (!Uri.TryCreate(streamText, UriKind.Absolute, out var parsedStream) || (parsedStream.Scheme != "ws" && parsedStream.Scheme != "wss"))
                {
                    return console.Refuse($"--stream-url: \"{streamText}\" is not a ws(s) URL");
                }

                streamBase = parsedStream;
            }
            else
            {
                streamBase = new UriBuilder(baseAddress) { Scheme = baseAddress.Scheme == Uri.UriSchemeHttps ? "wss" : "ws", Path = spot.Value ? "/ws-api/v3" : "/ws/" }.Uri;
            }

            if (ApiCredentials.Load(parse.GetValue(credentials), out var problem) is not { } keys)
            {
                return console.Refuse(problem);
            }

            var (log, exit) = await StoreAccess.OpenAsync(console, parse.GetValue(db), time, ct);
            if (log is null)
            {
                return exit;
            }

            using var interruption = new Interruption();
            await using (log)
            {
                // Reconnects, silent streams, quarantines and REST retries are logged (stderr), as under tally run.
                using var loggers = CliLogging.Create(verbose: false);
                using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
                var options = new TradeSyncOptions
                {
                    Venue = parse.GetValue(venue) ?? (spot.Value ? SpotTradeSynchronizer.DefaultVenue : TradeSyncOptions.DefaultVenue),
                    Account = parse.GetValue(account)!,
                    Symbols = symbolList,
                    StartTime = sinceTime ?? time.GetUtcNow().AddDays(-7),
                    PageLimit = parse.GetValue(pageLimit),
                    Window = spot.Value ? SpotTradeSynchronizer.MaxWindow : TimeSpan.FromDays(7),
                };
                try
                {
                    if (spot.Value)
                    {
                        await SyncSpotAsync(console, new BinanceSpotClient(http, keys.Key, new BinanceSigner(keys.Secret), time), log, options, time, loggers, parse.GetValue(follow), parse.GetValue(sweep), streamBase, parse.GetValue(json), interruption, ct);
                        return ExitCodes.Ok;
                    }

                    var client = new BinanceFuturesClient(http, keys.Key, new BinanceSigner(keys.Secret), time);
                    var synchronizer = new TradeSynchronizer(client, log, options, time, loggers.CreateLogger<TradeSynchronizer>());
                    await client.GetExchangeInfoLimitsAsync(ct);
                    if (parse.GetValue(follow))
                    {
                        var follower = new UserDataFollower(new FuturesUserDataStream(client, synchronizer, streamBase, time), log, options, time, loggers.CreateLogger<UserDataFollower>())
                        {
                            StatusChanged = status => console.Text.WriteLine($"stream: {status}"),
                        };
                        await follower.RunAsync(ct);
                    }
                    else if (parse.GetValue(sweep) is { } every)
                    {
                        synchronizer = new TradeSynchronizer(client, log, options with { SweepInterval = every }, time, loggers.CreateLogger<TradeSynchronizer>());
                        await synchronizer.SweepAsync(
                            (report, _) =>
                            {
                                Print(console, report, parse.GetValue(json));
                                return Task.CompletedTask;
                            },
                            ct);
                    }
                    else
                    {
                        // Funding needs an open position, hence a fill: read it after the fills, account-wide.
                        interruption.StoredSoFar = () => synchronizer.StoredSoFar;
                        var trades = await synchronizer.BackfillAsync(ct);
                        var funding = await new FundingSynchronizer(client, log, options, time, loggers.CreateLogger<FundingSynchronizer>()).SyncAsync(ct);
                        Print(console, trades, parse.GetValue(json), funding);
                    }
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    // Ctrl+C ends a sweep or a follow (exit 0); a one-shot pass cut short says how far it got.
                    if (!parse.GetValue(follow) && parse.GetValue(sweep) is null)
                    {
                        console.Error.WriteLine($"sync: interrupted after storing {interruption.StoredSoFar()} fills; every committed page is kept, run it again to go on");
                        interruption.Happened = true;
                    }
                }
                catch (BinanceApiException e)
                {
                    console.Error.WriteLine($"sync: {baseAddress} answered {e.Message}; pages committed before it are kept");
                    return ExitCodes.Failure;
                }
                catch (HttpRequestException e)
                {
                    console.Error.WriteLine($"sync: cannot reach {baseAddress}: {e.Message}; pages committed before it are kept");
                    return ExitCodes.Failure;
                }
                catch (InvalidOperationException e) when (spot.Value)
                {
                    // The store knows a symbol as a futures contract under this same venue: spot fills would change its history.
                    // (Spot under binance-spot beside futures under binance-futures is fine: instruments are keyed by venue.)
                    console.Error.WriteLine($"sync: {e.Message}; store spot fills under their own --venue");
                    return ExitCodes.Failure;
                }
            }

            // The store is closed; the exit code says which signal it was (130 SIGINT, 143 SIGTERM).
            return interruption.Happened ? await interruption.ExitCodeAsync() : ExitCodes.Ok;
        });
        return command;
    }

    /// <summary>The spot path: the same three modes (once, --sweep, --follow) over /api/v3 and the WebSocket API.</summary>
    private static async Task SyncSpotAsync(CliConsole console, BinanceSpotClient client, Storage.FillLog log, TradeSyncOptions options, TimeProvider time, ILoggerFactory loggers, bool follow, TimeSpan? sweep, Uri webSocketApi, bool json, Interruption interruption, CancellationToken ct)
    {
        await client.GetExchangeInfoAsync(ct);
        if (follow)
        {
            var synchronizer = new SpotTradeSynchronizer(client, log, options, time, loggers.CreateLogger<SpotTradeSynchronizer>());
            var follower = new UserDataFollower(new SpotUserDataStream(client, synchronizer, webSocketApi), log, options, time, loggers.CreateLogger<UserDataFollower>())
            {
                StatusChanged = status => console.Text.WriteLine($"stream: {status}"),
            };
            await follower.RunAsync(ct);
        }
        else if (sweep is { } every)
        {
            var synchronizer = new SpotTradeSynchronizer(client, log, options with { SweepInterval = every }, time, loggers.CreateLogger<SpotTradeSynchronizer>());
            await synchronizer.SweepAsync(
                (report, _) =>
                {
                    Print(console, report, json);
                    return Task.CompletedTask;
                },
                ct);
        }
        else
        {
            var synchronizer = new SpotTradeSynchronizer(client, log, options, time, loggers.CreateLogger<SpotTradeSynchronizer>());
            interruption.StoredSoFar = () => synchronizer.StoredSoFar;
            Print(console, await synchronizer.BackfillAsync(ct), json);
        }
    }

    /// <summary>
    /// Which signal ended a one-shot pass (SIGINT → exit 130, SIGTERM → 143, as shells report them) and how many
    /// fills were stored before it. The command line's own handler still turns the signal into cancellation.
    /// </summary>
    private sealed class Interruption : IDisposable
    {
        private readonly PosixSignalRegistration[] _registrations;
        private readonly TaskCompletionSource<PosixSignal> _signal = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Interruption()
        {
            _registrations =
            [
                PosixSignalRegistration.Create(PosixSignal.SIGINT, context => _signal.TrySetResult(context.Signal)),
                PosixSignalRegistration.Create(PosixSignal.SIGTERM, context => _signal.TrySetResult(context.Signal)),
            ];
        }

        public Func<int> StoredSoFar { get; set; } = () => 0;

        /// <summary>A one-shot pass was cut short by cancellation.</summary>
        public bool Happened { get; set; }

        /// <summary>
        /// 130 for SIGINT, 143 for SIGTERM. Signal handlers run one after another, and the command line's own one
        /// (which cancelled us) may hold the signal until its termination timeout; then it ends the process with the
        /// same codes itself. A cancellation without a signal counts as SIGINT.
        /// </summary>
        public async Task<int> ExitCodeAsync()
        {
            try
            {
                var signal = await _signal.Task.WaitAsync(TimeSpan.FromSeconds(5));
                return signal == PosixSignal.SIGTERM ? ExitCodes.Terminated : ExitCodes.Interrupted;
            }
            catch (TimeoutException)
            {
                return ExitCodes.Interrupted;
            }
        }

        public void Dispose()
        {
            foreach (var registration in _registrations)
            {
                registration.Dispose();
            }
        }
    }

    private static void Print(CliConsole console, SyncReport report, bool json, FundingSyncReport? funding = null)
    {
        if (json)
        {
            JsonReport.Document(console, w =>
            {
                w.WriteNumber("stored", report.Stored);
                w.WriteNumber("already_present", report.AlreadyPresent);
                w.WriteNumber("quarantined", report.Quarantined);
                w.WriteStartArray("symbols");
                foreach (var s in report.Symbols)
                {
                    w.WriteStartObject();
                    w.WriteString("symbol", s.Symbol);
                    w.WriteNumber("pages", s.Pages);
                    w.WriteNumber("stored", s.Stored);
                    w.WriteNumber("already_present", s.AlreadyPresent);
                    w.WriteNumber("quarantined", s.Quarantined);
                    w.StringOrNull("last_trade_id", s.LastTradeId);
                    w.WriteEndObject();
                }

                w.WriteEndArray();
                if (funding is not null)
                {
                    w.WriteStartObject("funding");
                    w.WriteString("position_mode", funding.Mode.ToWireName());
                    w.WriteNumber("pages", funding.Pages);
                    w.WriteNumber("stored", funding.Stored);
                    w.WriteNumber("already_present", funding.AlreadyPresent);
                    w.WriteNumber("quarantined", funding.Quarantined);
                    w.StringOrNull("last_funding_id", funding.LastFundingId);
                    w.WriteEndObject();
                }
            });
            return;
        }

        foreach (var s in report.Symbols)
        {
            console.Text.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{s.Symbol}: {s.Pages} pages, stored {s.Stored}, already present {s.AlreadyPresent}, quarantined {s.Quarantined}, last trade id {s.LastTradeId ?? "-"}"));
        }

        console.Text.WriteLine(string.Create(CultureInfo.InvariantCulture, $"sync: stored {report.Stored}, already present {report.AlreadyPresent}, quarantined {report.Quarantined}"));
        if (funding is not null)
        {
            console.Text.WriteLine(string.Create(CultureInfo.InvariantCulture, $"funding ({funding.Mode.ToWireName()}): stored {funding.Stored}, already present {funding.AlreadyPresent}, quarantined {funding.Quarantined}, last funding id {funding.LastFundingId ?? "-"}"));
        }
    }
}
