using System.CommandLine;
using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Tally.Api;
using Tally.Api.Queries;
using Tally.Cli.Run;
using Tally.Dashboard;
using Tally.Engine.Dispatch;
using Tally.Engine.Metrics;
using Tally.Engine.Reconciliation;
using Tally.Engine.Risk;
using Tally.Engine.Service;
using Tally.Exchanges.Binance;
using Tally.Exchanges.Binance.Client;
using Tally.Exchanges.Binance.Market;
using Tally.Metrics;
using Tally.Storage;

namespace Tally.Cli.Commands;

/// <summary>
/// <c>tally run</c>: the long-running service, a web application host. Every account in the config file is one
/// <see cref="AccountService"/> following it into one fill log (back-fill from checkpoints, the user-data
/// stream, REST checks, new traded symbols picked up) and one <see cref="DispatcherService"/>
/// (signals to orders, TP/SL on the venue; <see cref="ISignalIntake"/> in DI), for every USD-M account one
/// <see cref="ReconcileService"/> (positions against positionRisk once live, then every <c>reconcile_every</c>), beside
/// the HTTP API (<see cref="TallyApi"/>), until Ctrl+C or SIGTERM, which stop the host within <see cref="ShutdownTimeout"/>.
/// Dispatcher settings come from the environment (<see cref="DispatchEnvironment"/>).
/// </summary>
public static class RunCommand
{
    /// <summary>How long the host waits for the accounts to stop after Ctrl+C or SIGTERM.</summary>
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Per REST attempt; the client's own retries come on top.</summary>
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(30);

    /// <summary>
    /// The venue's connections are kept (idle up to 10 minutes, renewed every 30 for DNS changes) rather than the
    /// factory's default of a new handler every 2 minutes and idle connections dropped after 1: a signal that comes
    /// after a quiet spell would otherwise wait for a new TCP and TLS handshake before its order leaves.
    /// </summary>
    private static SocketsHttpHandler KeptConnections() => new()
    {
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(10),
        PooledConnectionLifetime = TimeSpan.FromMinutes(30),
    };

    public static Command Create(CliConsole console, Option<string?> db, TimeProvider time)
    {
        var config = new Option<FileInfo>("--config")
        {
            Description = $"JSON file naming the accounts to follow (see README: tally run); {RunOptions.EnvironmentPrefix}* environment variables add to it.",
            DefaultValueFactory = _ => new FileInfo("tally.json"),
            HelpName = "FILE",
        };
        var check = new Option<bool>("--check") { Description = "Read the config, the credentials and the store, print what would run, and exit." };
        var verbose = new Option<bool>("--verbose", "-v") { Description = "Log every page and reconnect (default: warnings and state changes)." };
        var command = new Command("run", "Follow every configured exchange account into the fill log until stopped (Ctrl+C / SIGTERM).")
        {
            config, check, verbose,
        };
        command.SetAction(async (parse, ct) =>
        {
            if (Read(parse.GetValue(config)!.FullName, Environment.GetEnvironmentVariable, time, out var problem) is not { } run)
            {
                return console.Refuse(problem);
            }

            var (log, exit) = await StoreAccess.OpenAsync(console, parse.GetValue(db), time, ct, run.Config.Attribution);
            if (log is null)
            {
                return exit;
            }

            await using (log)
            {
                var settings = run.Config;
                foreach (var account in settings.Accounts)
                {
                    var symbols = account.Symbols is null ? "every traded symbol" : string.Join(',', account.Symbols);
                    console.Text.WriteLine($"{account.Venue}/{account.Name}: {account.BaseUrl} stream {account.StreamUrl}, {symbols}, from {account.Since:yyyy-MM-ddTHH:mm:ssZ}, into {log.Description}");
                }

                console.Text.WriteLine(ApiLine(settings.Api));
                if (RunNotifications.Line(run.Notifications) is { } notifying)
                {
                    console.Text.WriteLine(notifying);
                }

                if (parse.GetValue(check))
                {
                    return ExitCodes.Ok;
                }

                var outcome = new RunOutcome(console, settings.Accounts.Count);
                await using var host = BuildHost(run, log, time, outcome, parse.GetValue(verbose));
                return await RunHostAsync(host, run, outcome, console, ct);
            }
        });
        return command;
    }

    /// <summary>
    /// Reads and checks everything <c>tally run</c> needs before it opens the store: the config file at
    /// <paramref name="path"/> (with <see cref="RunOptions.EnvironmentPrefix"/> variables added), every account's key
    /// pair, the dispatcher's settings from <paramref name="environment"/> and the risk monitor's section. Null with
    /// <paramref name="problem"/> set to the one refusal line otherwise. <c>tally demo</c> calls it on the file it writes.
    /// </summary>
    public static RunSettings? Read(string path, Func<string, string?> environment, TimeProvider time, out string problem)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(time);
        if (!File.Exists(path))
        {
            problem = $"--config: {path}: no such file";
            return null;
        }

        // The accounts' configuration alone (the host's own settings, such as its content root, are not config fields).
        var accounts = new ConfigurationManager();
        try
        {
            accounts.AddJsonFile(path, optional: false, reloadOnChange: false);
        }
        catch (InvalidDataException e)
        {
            problem = $"{path}: {JsonProblem(e)}";
            return null;
        }

        accounts.AddEnvironmentVariables(RunOptions.EnvironmentPrefix);

        // The same check the host runs on start, done now so that a bad config never opens (or creates) the store.
        var bound = new RunOptions();
        accounts.Bind(bound);
        if (RunOptionsValidator.Read(bound, accounts, time.GetUtcNow(), out problem) is not { } settings)
        {
            problem = $"{path}: {problem}";
            return null;
        }

        var keys = new List<ApiCredentials>();
        string? missing;
        for (var i = 0; i < settings.Accounts.Count; i++)
        {
            var account = settings.Accounts[i];
            var found = account.CredentialsFile is { } file
                ? ApiCredentials.FromFile(new FileInfo(file), $"accounts[{i}].credentials_file", out missing)
                : ApiCredentials.FromEnvironment(account.KeyVariable!, account.SecretVariable!, out missing, $"accounts[{i}].api_key_env", $"accounts[{i}].api_secret_env");
            if (found is null)
            {
                problem = $"{path}: accounts[{i}] ({account.Name}): {missing}";
                return null;
            }

            keys.Add(found);
        }

        if (DispatchEnvironment.Read(environment, out missing) is not { } dispatch)
        {
            problem = missing!;
            return null;
        }

        if (RunRisk.Read(path, out missing) is not { } risk)
        {
            problem = missing!;
            return null;
        }

        if (!RunNotifications.TryRead(path, environment, out var notifications, out missing))
        {
            problem = missing!;
            return null;
        }

        problem = string.Empty;
        return new RunSettings(path, accounts, settings, keys, dispatch, risk, notifications);
    }

    /// <summary>
    /// The run host on <paramref name="log"/>, built and not yet started: every account's runner, dispatcher and
    /// reconciler, the risk monitor, the HTTP API (and what else the host serves beside it), its state lines through
    /// <paramref name="outcome"/>. <paramref name="services"/> adds more services (<c>tally demo</c>: its strategies).
    /// Run it with <see cref="RunHostAsync"/>; the caller disposes it.
    /// </summary>
    public static WebApplication BuildHost(RunSettings run, FillLog log, TimeProvider time, RunOutcome outcome, bool verbose, Action<IServiceCollection>? services = null)
    {
        ArgumentNullException.ThrowIfNull(run);
        var settings = run.Config;
        // Empty: the host reads no appsettings.json or ASPNETCORE_* variables; the config file is the configuration.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ContentRootPath = Path.GetDirectoryName(run.ConfigPath) });
        builder.WebHost.UseKestrelCore();
        builder.Services.AddSingleton(time);
        builder.Services.AddOptions<RunOptions>().Bind(run.Configuration).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<RunOptions>>(new RunOptionsValidator(run.Configuration, time));

        CliLogging.Configure(builder.Logging, verbose);
        AddAccounts(builder.Services, settings, run.Keys, log, time, outcome, run.Dispatch, run.Risk);
        AddApi(builder.Services, settings.Api, log);
        builder.Services.AddTallyMetrics(log);
        RunNotifications.Add(builder.Services, run.Notifications, log);
        builder.AddTallyDashboard(log);
        services?.Invoke(builder.Services);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = ShutdownTimeout);
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        var host = builder.Build();
        host.MapTallyApi();
        host.MapTallyMetrics();
        host.MapTallyDashboard();
        host.Lifetime.ApplicationStarted.Register(() => outcome.Listening(host.Addresses()));
        return host;
    }

    /// <summary>
    /// Runs a host from <see cref="BuildHost"/> until <paramref name="cancellationToken"/> (Ctrl+C, SIGTERM, the demo's
    /// --for) or until every account stopped; the exit code: <see cref="RunOutcome.ExitCode"/>, or bad input when the
    /// API's port cannot be bound.
    /// </summary>
    public static async Task<int> RunHostAsync(WebApplication host, RunSettings run, RunOutcome outcome, CliConsole console, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(outcome);
        ArgumentNullException.ThrowIfNull(console);
        var settings = run.Config;
        try
        {
            await host.RunAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Ctrl+C or SIGTERM while starting: every fill acknowledged so far is committed.
        }
        catch (IOException e) when (e.InnerException is System.Net.Sockets.SocketException || e.Message.Contains("address", StringComparison.OrdinalIgnoreCase))
        {
            // Kestrel could not bind (the port is taken): nothing ran.
            return console.Refuse($"api: cannot listen on {settings.Api.ListenAddress}:{settings.Api.Port}: {e.Message} (set api.port, or 0 for any free port)");
        }

        return outcome.ExitCode;
    }

    /// <summary>
    /// One named HTTP client, one <see cref="AccountService"/> and one <see cref="DispatcherService"/> per account,
    /// sharing its client: the runner hands every committed ingest report (stream, and USD-M back-fill) to the
    /// dispatcher, and going live asks it to reconcile TP/SL orders. The accounts' dispatchers sit behind one
    /// <see cref="SignalDispatcher"/>, registered as <see cref="ISignalIntake"/> for the API to resolve. Spot has no
    /// conditional orders: TP/SL stay on the strategy positions (logged) and the risk monitor watches them; it is told
    /// of USD-M TP/SL orders the venue refused (<see cref="AccountDispatcher.LevelsNotHeld"/>).
    /// </summary>
    private static void AddAccounts(IServiceCollection services, RunConfig settings, IReadOnlyList<ApiCredentials> keys, FillLog log, TimeProvider time, RunOutcome outcome, DispatchOptions dispatch, RunRiskSettings risk)
    {
        services.AddSingleton(sp => new DispatchMetrics(sp.GetService<IMeterFactory>()));
        var monitored = settings.Accounts.Count > 0;
        var gate = new MonitorRiskGate();
        if (monitored)
        {
            services.AddSingleton(gate);
            services.AddSingleton<IRiskGate>(gate);
        }

        var parts = new List<Func<IServiceProvider, AccountParts>>();
        for (var i = 0; i < settings.Accounts.Count; i++)
        {
            var account = settings.Accounts[i];
            var key = keys[i];
            var name = $"{account.Venue}/{account.Name}";
            services.AddHttpClient(name, http =>
            {
                http.BaseAddress = account.BaseUrl;
                http.Timeout = RequestTimeout;
            })
                .ConfigurePrimaryHttpMessageHandler(KeptConnections)
                .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
            AccountParts? built = null;
            var building = new Lock();
            AccountParts Parts(IServiceProvider sp)
            {
                lock (building)
                {
                    return built ??= Build(sp);
                }
            }

            AccountParts Build(IServiceProvider sp)
            {
                var http = sp.GetRequiredService<IHttpClientFactory>().CreateClient(name);
                var options = new AccountRunOptions
                {
                    Venue = account.Venue,
                    Account = account.Name,
                    Symbols = account.Symbols,
                    StartTime = account.Since ?? time.GetUtcNow().AddDays(-7),
                    PageLimit = account.PageLimit,
                    StreamBase = account.StreamUrl,
                    DiscoveryInterval = account.DiscoveryInterval,
                };
                var loggers = sp.GetRequiredService<ILoggerFactory>();
                BinanceFuturesClient? futures = null;
                BinanceSpotClient? spot = null;
                IOrderVenue venue = account.Market switch
                {
                    RunMarket.Futures => new BinanceFuturesOrderVenue(futures = new BinanceFuturesClient(http, key.Key, new BinanceSigner(key.Secret), time) { Metrics = new(account.Venue, account.Name, sp.GetService<IMeterFactory>()) }),
                    RunMarket.Spot => new BinanceSpotOrderVenue(spot = new BinanceSpotClient(http, key.Key, new BinanceSigner(key.Secret), time) { Metrics = new(account.Venue, account.Name, sp.GetService<IMeterFactory>()) }),
                };
                var dispatcher = new AccountDispatcher(
                    account.Venue,
                    account.Name,
                    venue,
                    new FillLogDispatchStore(log),
                    dispatch,
                    time,
                    sp.GetRequiredService<DispatchMetrics>(),
                    sp.GetService<IRiskGate>(),
                    loggers.CreateLogger<AccountDispatcher>())
                {
                    LevelsNotHeld = monitored ? id => sp.GetRequiredService<RiskMonitorService>().WatchLevels(account.Venue, account.Name, id) : null,
                };
                var reconcileOptions = new ReconcileOptions { Venue = account.Venue, Account = account.Name, Symbols = account.Symbols, StartTime = options.StartTime, PageLimit = account.PageLimit };
                IReconciler? reconciler = account.ReconcileEvery <= TimeSpan.Zero ? null
                    : futures is not null ? new Reconciler(futures, log, reconcileOptions, time, loggers) { Ingested = Ingested }
                    : new SpotReconciler(spot!, log, reconcileOptions, time, loggers) { Ingested = Ingested };
                var reconcile = reconciler is null ? null : new ReconcileService(reconciler, account.Venue, account.Name, account.ReconcileEvery, time, loggers.CreateLogger<ReconcileService>());
                void StateChanged(AccountState state)
                {
                    outcome.State(name, state);
                    if (state == AccountState.Live)
                    {
                        dispatcher.Reconcile();
                        reconcile?.Trigger();
                    }
                }

                void Ingested(IngestReport report)
                {
                    dispatcher.Enqueue(report);
                    sp.GetRequiredService<RiskMonitorService>().Enqueue(report);
                }

                var runner = futures is not null
                    ? new AccountRunner(futures, log, options, time, loggers)
                    {
                        Metrics = sp.GetService<StreamMetrics>(),
                        StateChanged = StateChanged,
                        FillIngested = Ingested,
                        BackfillIngested = Ingested,
                    }
                    : new AccountRunner(spot!, log, options, time, loggers)
                    {
                        Metrics = sp.GetService<StreamMetrics>(),
                        StateChanged = StateChanged,
                        FillIngested = Ingested,
                        BackfillIngested = r => sp.GetRequiredService<RiskMonitorService>().Enqueue(r),
                    };
                return new AccountParts(runner, dispatcher, reconcile, futures, spot, account.StreamUrl, account.BaseUrl, account.Symbols ?? []);
            }

            parts.Add(Parts);

            // Not AddHostedService: it adds one service per type, and there is one per account.
            services.AddSingleton<IHostedService>(sp =>
            {
                var lifetime = sp.GetRequiredService<IHostApplicationLifetime>();
                return new AccountService(Parts(sp).Runner, sp.GetRequiredService<ILogger<AccountService>>())
                {
                    Stopped = e => outcome.Stopped(name, account.BaseUrl, e, lifetime),
                    Failed = e => outcome.Failed(name, e),
                };
            });
            services.AddSingleton<IHostedService>(sp => new DispatcherService(Parts(sp).Dispatcher));
            if (account.ReconcileEvery > TimeSpan.Zero)
            {
                services.AddSingleton<IHostedService>(sp => Parts(sp).Reconcile!);
            }
        }

        services.AddSingleton(sp => new SignalDispatcher(parts.Select(p => p(sp).Dispatcher)));
        if (monitored)
        {
            // One risk monitor over every account: USD-M market streams through the first USD-M account's client, spot
            // streams through the first spot account's; wallets summed (spot: cash and holdings at market, one snapshot).
            services.AddSingleton(sp =>
            {
                var all = parts.Select(p => p(sp)).ToList();
                var futures = all.Where(p => p.Futures is not null).ToList();
                var spots = all.Where(p => p.Spot is not null).ToList();
                IRiskMarketFeed? futuresFeed = futures is [var first, ..]
                    ? new BinanceRiskMarketFeed(first.Futures!, risk.MarketStreamUrl ?? new Uri(first.StreamUrl, "/market/"), time)
                    : null;
                IRiskMarketFeed? spotFeed = spots is [var firstSpot, ..]
                    ? new BinanceSpotRiskMarketFeed(firstSpot.Spot!, risk.SpotMarketStreamUrl ?? BinanceMarketDataClient.SpotStreamBaseFor(firstSpot.BaseUrl), time)
                    : null;
                var wallets = new List<IRiskWallet>(2);
                if (futures.Count > 0)
                {
                    wallets.Add(new BinanceFuturesWallet([.. futures.Select(p => p.Futures!)], risk.WalletAsset));
                }

                if (spots.Count > 0)
                {
                    wallets.Add(new BinanceSpotWallet([.. spots.Select(p => (p.Spot!, p.Symbols))], risk.WalletAsset));
                }

                return new RiskMonitorService(
                    log,
                    all.Select(p => p.Dispatcher),
                    new RiskMarketFeeds(futuresFeed, spotFeed),
                    new SummedWallet(wallets),
                    risk.Options with { SpotAccounts = [.. spots.Select(p => (p.Dispatcher.Venue, p.Dispatcher.Account))], WalletAsset = risk.WalletAsset },
                    time,
                    gate,
                    sp.GetRequiredService<ILoggerFactory>().CreateLogger<RiskMonitorService>())
                {
                    Metrics = sp.GetService<RiskMetrics>(),
                };
            });
            services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<RiskMonitorService>());
        }
        services.AddSingleton<ISignalIntake>(sp => sp.GetRequiredService<SignalDispatcher>());
    }

    /// <summary>The HTTP API beside the accounts: its reads, operator actions and live stream on the fill log. The signal intake is the dispatcher's, when one runs.</summary>
    private static void AddApi(IServiceCollection services, ApiOptions api, FillLog log)
    {
        services.AddTallyApi(api);
        services.AddTallyApiStore(log);
    }

    /// <summary>What --check prints about the API (never the token itself).</summary>
    private static string ApiLine(ApiOptions api)
    {
        var token = api.Token is null ? $"no token (writes refused; set api.token or {ApiOptions.TokenVariable})" : "token set";
        var reads = api.IsLoopback ? "reads open on loopback" : "reads need the token";
        var port = api.Port == 0 ? "any free port" : api.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var webhook = api.TradingView is null ? string.Empty : ", TradingView webhook on";
        return $"api: {api.ListenAddress} port {port}, {token}, {reads}{webhook}";
    }

    /// <summary>One account's runner and dispatcher, sharing one client; for USD-M its reconciler (null when reconcile_every is 0) and what the risk monitor needs; built once per host.</summary>
    private sealed record AccountParts(AccountRunner Runner, AccountDispatcher Dispatcher, ReconcileService? Reconcile, BinanceFuturesClient? Futures, BinanceSpotClient? Spot, Uri StreamUrl, Uri BaseUrl, IReadOnlyList<string> Symbols);

    /// <summary>The JSON provider's complaint, in the config reader's words.</summary>
    private static string JsonProblem(InvalidDataException e)
    {
        var inner = e.InnerException;
        if (inner is FormatException && inner.InnerException is null)
        {
            // The provider reads objects only: a top-level array or value.
            return "the file must hold one JSON object with an \"accounts\" array";
        }

        return $"not valid JSON: {(inner?.InnerException ?? inner ?? e).Message}";
    }
}
