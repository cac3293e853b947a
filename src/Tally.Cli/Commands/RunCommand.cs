using System.CommandLine;
using Microsoft.Extensions.Logging;
using Tally.Cli.Run;
using Tally.Engine.Service;
using Tally.Exchanges.Binance;
using Tally.Exchanges.Binance.Client;
using Tally.Storage;

namespace Tally.Cli.Commands;

/// <summary>
/// <c>tally run</c>: the long-running service. Every account in the config file is followed at once into one
/// fill log (back-fill from checkpoints, the user-data stream, REST checks, new traded symbols picked up),
/// until Ctrl+C or SIGTERM.
/// </summary>
public static class RunCommand
{
    public static Command Create(CliConsole console, Option<string?> db, TimeProvider time)
    {
        var config = new Option<FileInfo>("--config")
        {
            Description = "JSON file naming the accounts to follow (see README: tally run).",
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
            var path = parse.GetValue(config)!.FullName;
            if (RunConfigFile.Read(path, time.GetUtcNow(), out var problem) is not { } settings)
            {
                return console.Refuse(problem);
            }

            var keys = new List<ApiCredentials>();
            for (var i = 0; i < settings.Accounts.Count; i++)
            {
                var account = settings.Accounts[i];
                var found = account.CredentialsFile is { } file
                    ? ApiCredentials.FromFile(new FileInfo(file), $"accounts[{i}].credentials_file", out problem)
                    : ApiCredentials.FromEnvironment(account.KeyVariable!, account.SecretVariable!, out problem);
                if (found is null)
                {
                    return console.Refuse($"{path}: accounts[{i}] ({account.Name}): {problem}");
                }

                keys.Add(found);
            }

            var (log, exit) = await StoreAccess.OpenAsync(console, parse.GetValue(db), time, ct);
            if (log is null)
            {
                return exit;
            }

            await using (log)
            {
                foreach (var account in settings.Accounts)
                {
                    var symbols = account.Symbols is null ? "every traded symbol" : string.Join(',', account.Symbols);
                    console.Text.WriteLine($"{account.Venue}/{account.Name}: {account.BaseUrl} stream {account.StreamUrl}, {symbols}, from {account.Since:yyyy-MM-ddTHH:mm:ssZ}, into {log.Description}");
                }

                if (parse.GetValue(check))
                {
                    return ExitCodes.Ok;
                }

                using var loggers = LoggerFactory.Create(builder => builder
                    .SetMinimumLevel(parse.GetValue(verbose) ? LogLevel.Information : LogLevel.Warning)
                    .AddSimpleConsole(options =>
                    {
                        options.SingleLine = true;
                        options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
                        options.UseUtcTimestamp = true;
                    })
                    .AddConsole(options => options.LogToStandardErrorThreshold = LogLevel.Trace));
                return await RunAccountsAsync(console, settings, keys, log, time, loggers, ct);
            }
        });
        return command;
    }

    private static async Task<int> RunAccountsAsync(CliConsole console, RunConfig settings, List<ApiCredentials> keys, FillLog log, TimeProvider time, ILoggerFactory loggers, CancellationToken ct)
    {
        var clients = new List<HttpClient>();
        var running = new List<Task>();
        var stopped = 0;
        var output = new Lock();
        try
        {
            for (var i = 0; i < settings.Accounts.Count; i++)
            {
                var account = settings.Accounts[i];
                var http = new HttpClient { BaseAddress = account.BaseUrl, Timeout = TimeSpan.FromSeconds(30) };
                clients.Add(http);
                var client = new BinanceFuturesClient(http, keys[i].Key, new BinanceSigner(keys[i].Secret), time);
                var runner = new AccountRunner(
                    client,
                    log,
                    new AccountRunOptions
                    {
                        Venue = account.Venue,
                        Account = account.Name,
                        Symbols = account.Symbols,
                        StartTime = account.Since ?? time.GetUtcNow().AddDays(-7),
                        PageLimit = account.PageLimit,
                        StreamBase = account.StreamUrl,
                        DiscoveryInterval = account.DiscoveryInterval,
                    },
                    time,
                    loggers)
                {
                    StateChanged = state =>
                    {
                        lock (output)
                        {
                            console.Text.WriteLine($"{account.Venue}/{account.Name}: {state}");
                        }
                    },
                };
                running.Add(Follow(runner, account));
            }

            await Task.WhenAll(running);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // Ctrl+C or SIGTERM: every fill acknowledged so far is committed.
            return ExitCodes.Ok;
        }
        finally
        {
            foreach (var http in clients)
            {
                http.Dispose();
            }
        }

        // Every account stopped on a refused key: nothing is left running.
        return stopped == 0 ? ExitCodes.Ok : ExitCodes.Failure;

        async Task Follow(AccountRunner runner, RunAccount account)
        {
            try
            {
                await runner.RunAsync(ct);
            }
            catch (BinanceApiException e)
            {
                Interlocked.Increment(ref stopped);
                lock (output)
                {
                    console.Error.WriteLine($"{account.Venue}/{account.Name}: stopped: {account.BaseUrl} answered {e.Message}");
                }
            }
        }
    }
}
