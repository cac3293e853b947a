using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Tally.Cli.Tests;

/// <summary>Runs the real <c>tally</c> executable (tally.dll beside the tests) as a child process.</summary>
public static class TallyProcess
{
    public sealed record Result(int ExitCode, string Output, string Error, int LastAcknowledgedLine);

    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);

    public static Task<Result> RunAsync(params string[] args) => RunAsync(null, args);

    /// <summary>Starts tally, waits <paramref name="after"/>, then SIGKILLs it (if still running).</summary>
    public static Task<Result> RunAndKillAsync(TimeSpan after, params string[] args) => RunAsync(after, args);

    /// <summary>
    /// Starts tally and returns once a line starting with <paramref name="marker"/> appears (with all output so
    /// far) and a handle that kills the process when disposed. For long-running commands such as servers.
    /// </summary>
    public static Task<(string Output, IAsyncDisposable Stop)> RunUntilAsync(string marker, CancellationToken cancellationToken, params string[] args) =>
        RunUntilAsync("tally.dll", marker, cancellationToken, args);

    /// <summary>As <see cref="RunUntilAsync(string, CancellationToken, string[])"/>, for another program built beside the tests (e.g. Tally.MigrationHarness.dll).</summary>
    public static async Task<(string Output, IAsyncDisposable Stop)> RunUntilAsync(string program, string marker, CancellationToken cancellationToken, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, program));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        var output = new StringBuilder();
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                seen.TrySetException(new InvalidOperationException($"{program} ended before printing \"{marker}\": {output}"));
                return;
            }

            lock (output)
            {
                output.AppendLine(e.Data);
            }

            if (e.Data.StartsWith(marker, StringComparison.Ordinal))
            {
                seen.TrySetResult();
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await seen.Task.WaitAsync(cancellationToken);
        lock (output)
        {
            return (output.ToString(), new Killer(process));
        }
    }

    private sealed class Killer(Process process) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            process.Dispose();
        }
    }

    private static async Task<Result> RunAsync(TimeSpan? killAfter, string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "tally.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start tally");
        var output = new StringBuilder();
        var error = new StringBuilder();
        var lastAck = 0;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null)
            {
                return;
            }

            lock (output)
            {
                output.AppendLine(e.Data);
                // "ack FIRST-LAST": everything up to LAST is committed.
                if (e.Data.StartsWith("ack ", StringComparison.Ordinal)
                    && int.TryParse(e.Data.AsSpan(e.Data.IndexOf('-', StringComparison.Ordinal) + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var last))
                {
                    lastAck = Math.Max(lastAck, last);
                }
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (error)
                {
                    error.AppendLine(e.Data);
                }
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var limit = new CancellationTokenSource(killAfter ?? Limit);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true); // SIGKILL on Linux: no finally blocks, no flushing
            await process.WaitForExitAsync();
            if (killAfter is null)
            {
                throw new TimeoutException($"tally {string.Join(' ', args)} ran longer than {Limit}");
            }
        }

        process.WaitForExit(); // drains the redirected streams
        lock (output)
        {
            return new Result(process.ExitCode, output.ToString(), error.ToString(), lastAck);
        }
    }
}
