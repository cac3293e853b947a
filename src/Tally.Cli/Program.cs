using Tally.Cli;

var console = new CliConsole(Console.OpenStandardOutput(), Console.Error, interactive: !Console.IsErrorRedirected);
return TallyApp.Run(args, console);
