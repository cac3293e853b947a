namespace Tally.Cli.Tests;

/// <summary><c>--help</c> on every command and <c>--version</c> succeed and print to stdout.</summary>
public sealed class HelpAndVersionTests
{
    [Fact]
    public void Tally_help_exits_0_and_lists_the_replay_command()
    {
        var run = TallyRun.Of("--help");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Contains("replay", run.Stdout, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Stderr);
    }

    [Fact]
    public void Replay_help_exits_0_and_describes_every_option()
    {
        var run = TallyRun.Of("replay", "--help");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        foreach (var option in new[] { "FILE", "--mode", "--instruments", "--mark", "--json", "--skip-invalid" })
        {
            Assert.Contains(option, run.Stdout, StringComparison.Ordinal);
        }

        Assert.Equal(string.Empty, run.Stderr);
    }

    [Fact]
    public void Replay_help_after_a_file_exits_0_without_replaying_it()
    {
        var run = TallyRun.Of("replay", "no-such-file.csv", "--help");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.Contains("--skip-invalid", run.Stdout, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Stderr);
    }

    [Fact]
    public void Tally_version_exits_0_and_prints_the_version()
    {
        // The version is Tally's own (Directory.Build.props), whichever process hosts TallyApp.Run.
        var run = TallyRun.Of("--version");

        Assert.Equal(ExitCodes.Ok, run.ExitCode);
        Assert.StartsWith("0.1.0", run.Stdout, StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Stderr);
    }
}
