using System.CommandLine;
using Tally.Cli.Commands;

namespace Tally.Cli;

/// <summary>The <c>tally</c> command tree. <see cref="Run"/> is the whole program, callable from tests.</summary>
public static class TallyApp
{
    public static int Run(string[] args, CliConsole console)
    {
        var time = TimeProvider.System;
        var db = StoreAccess.DbOption();
        var root = new RootCommand("Tally: a position ledger for automated crypto trading. Every fill once, every number as the exchange says.")
        {
            db,
            ReplayCommand.Create(console),
            SignalsCommand.Create(console, db, time),
            SignalCommand.Create(console, time),
            RiskCommand.Create(console, db, time),
            RiskLiveCommands.Close(console, db, time),
            ImportCommand.Create(console, db, time),
            PositionsCommand.Create(console, db, time),
            StrategiesCommand.Create(console, db, time),
            StrategyPositionsCommand.Create(console, db, time),
            ContributionsCommand.Create(console, db, time),
            ExchangePositionsCommand.Create(console, db, time),
            TradesCommand.Create(console, db, time),
            StatsCommand.Create(console, db, time),
            NetCommand.Create(console, db, time),
            VerifyCommand.Create(console, db, time),
            QuarantineCommand.Create(console, db, time),
            SyncCommand.Create(console, db, time),
            ReconcileCommand.Create(console, db, time),
            RunCommand.Create(console, db, time),
            PaperExchangeCommand.Create(console),
            DemoCommand.Create(console, db, time),
            BenchCommand.Create(console, db),
        };

        foreach (var version in root.Options.OfType<VersionOption>())
        {
            version.Action = new PrintVersionAction(console);
        }

        var parse = root.Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                console.Error.WriteLine($"tally: {error.Message}");
            }

            console.Error.WriteLine("Run 'tally --help' for usage.");
            return ExitCodes.BadInput;
        }

        // Ctrl+C / SIGTERM cancel the command; tally run's host then has its shutdown timeout to stop the accounts.
        // On SIGINT/SIGTERM the command line cancels the action and gives it this long to finish before it ends the
        // process itself. tally run needs its host's shutdown timeout; every other command stops in moments, and a
        // short wait lets tally sync's own signal handler (which says which signal it was) run in time.
        var termination = parse.CommandResult.Command.Name is "run" or "demo" ? RunCommand.ShutdownTimeout + TimeSpan.FromSeconds(5) : TimeSpan.FromSeconds(2);
        return parse.Invoke(new InvocationConfiguration { Output = console.Text, Error = console.Error, ProcessTerminationTimeout = termination });
    }
}
