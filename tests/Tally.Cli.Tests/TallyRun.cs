using System.Text;

namespace Tally.Cli.Tests;

/// <summary>One in-process run of <c>tally</c>: its exit code and everything it printed.</summary>
internal sealed record TallyRun(int ExitCode, string Stdout, string Stderr)
{
    public static TallyRun Of(params string[] args)
    {
        using var stdout = new MemoryStream();
        using var stderr = new StringWriter();
        var exitCode = TallyApp.Run(args, new CliConsole(stdout, stderr));
        return new TallyRun(exitCode, Encoding.UTF8.GetString(stdout.ToArray()), stderr.ToString());
    }

    /// <summary>The lines written to stderr, without line endings.</summary>
    public IReadOnlyList<string> StderrLines =>
        [.. Stderr.Split('\n').Select(line => line.TrimEnd('\r')).Where(line => line.Length > 0)];

    /// <summary>Stdout parsed as the replay JSON; fails the test (showing stderr) when the run did not succeed.</summary>
    public ReplayJson Json()
    {
        Assert.True(ExitCode == ExitCodes.Ok, $"tally exited {ExitCode}: {Stderr}");
        return new ReplayJson(Stdout);
    }
}
