using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Tally.Cli.Commands;

namespace Tally.Cli.Tests;

/// <summary>
/// A <c>--db</c> that cannot be opened is one line, <c>STORE: cannot open the store: …</c>, as for PostgreSQL; a
/// password in the store string never appears in any line; a one-shot <c>tally sync</c> cut short by a signal
/// says how far it got and exits 130 or 143.
/// </summary>
public sealed class StoreOpenFailureTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_sqlite_path_in_a_missing_folder_is_one_line_and_exit_1()
    {
        var db = "sqlite:" + _dir.PathOf(Path.Combine("no-such-folder", "tally.db"));

        var run = TallyRun.Of("positions", "--db", db);

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.StartsWith($"{db}: cannot open the store: ", Assert.Single(run.StderrLines), StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Stdout);
    }

    [Fact]
    public void A_file_that_is_not_sqlite_is_one_line_and_exit_1_and_is_left_as_it_was()
    {
        var path = _dir.Write("notes.db", "these are my notes, not a database; please do not overwrite them\n");

        var run = TallyRun.Of("import", RepositoryFiles.ExampleFills, "--format", "tally-csv", "--db", "sqlite:" + path);

        Assert.Equal(ExitCodes.Failure, run.ExitCode);
        Assert.StartsWith($"sqlite:{path}: cannot open the store: ", Assert.Single(run.StderrLines), StringComparison.Ordinal);
        Assert.Equal(string.Empty, run.Stdout);
        Assert.Equal("these are my notes, not a database; please do not overwrite them\n", File.ReadAllText(path));
    }

    [Theory]
    [InlineData("Host=127.0.0.1;Port=1;Username=u;Password=hunter2;Database=d")]
    [InlineData("Host=127.0.0.1;PWD='hunter2';Database=d")]
    [InlineData("postgres://u:hunter2@127.0.0.1:1/d")]
    [InlineData("mysql://u:hunter2@127.0.0.1:1/d")]
    public void A_password_in_the_store_string_is_never_printed(string db)
    {
        var run = TallyRun.Of("positions", "--db", db);

        Assert.NotEqual(ExitCodes.Ok, run.ExitCode);
        Assert.Single(run.StderrLines);
        Assert.DoesNotContain("hunter2", run.Stderr + run.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Password=s3cret;Host=h", "Password=***;Host=h")]
    [InlineData("host=h;password = \"a b;c\";db=x", "host=h;password=***;db=x")]
    [InlineData("postgres://me:s3cret@host:5432/db is down", "postgres://me:***@host:5432/db is down")]
    [InlineData("sqlite:/tmp/a.db: cannot open the store", "sqlite:/tmp/a.db: cannot open the store")]
    public void Masking_hides_the_password_of_urls_and_connection_strings(string text, string masked)
    {
        Assert.Equal(masked, SecretText.Mask(text));
    }

    [Theory]
    [InlineData("TERM", ExitCodes.Terminated)]
    [InlineData("INT", ExitCodes.Interrupted)]
    public async Task A_one_shot_sync_stopped_by_a_signal_says_how_far_it_got_and_exits_130_or_143(string signal, int exitCode)
    {
        // A REST server that accepts the connection and never answers keeps the pass busy until the signal.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { Path.Combine(AppContext.BaseDirectory, "tally.dll"), "sync", "--base-url", $"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}", "--symbols", "BTCUSDT", "--db", "sqlite:" + _dir.PathOf("sync.db") })
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment[ApiCredentials.KeyVariable] = "key";
        start.Environment[ApiCredentials.SecretVariable] = "secret";
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var held = await silent.AcceptTcpClientAsync().WaitAsync(TimeSpan.FromMinutes(2));

        using (var kill = Process.Start("kill", $"-{signal} {process.Id}"))
        {
            await kill.WaitForExitAsync();
        }

        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        Assert.Equal(exitCode, process.ExitCode);
        Assert.Equal(string.Empty, await stdout);
        Assert.Equal(
            "sync: interrupted after storing 0 fills; every committed page is kept, run it again to go on",
            Assert.Single((await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }
}
