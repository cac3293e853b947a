using System.CommandLine;
using System.CommandLine.Invocation;
using System.Reflection;

namespace Tally.Cli;

/// <summary>
/// <c>tally --version</c>: the version of this assembly. System.CommandLine's own action reads the entry
/// assembly, which is the test host when tally runs in-process.
/// </summary>
internal sealed class PrintVersionAction : SynchronousCommandLineAction
{
    private readonly CliConsole _console;

    public PrintVersionAction(CliConsole console)
    {
        _console = console;
    }

    public static string Version { get; } =
        typeof(TallyApp).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(TallyApp).Assembly.GetName().Version?.ToString()
        ?? "unknown";

    public override int Invoke(ParseResult parseResult)
    {
        _console.Text.WriteLine(Version);
        return ExitCodes.Ok;
    }
}
