using System.Diagnostics;
using System.Text;

namespace Tally.Cli.Tests;

/// <summary>
/// A long-running tally process whose stdout and stderr lines can be awaited as they come, and which can be
/// stopped as a service manager does (SIGTERM). Killed when disposed if still running.
/// </summary>
internal sealed class RunningTally : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _stdout = [];
    private readonly List<string> _stderr = [];
    private readonly Lock _lock = new();
    private TaskCompletionSource _line = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private RunningTally(Process process)
    {
        _process = process;
    }

    public string Stderr
    {
        get
        {
            lock (_lock)
            {
                return string.Join('\n', _stderr);
            }
        }
    }

    public static RunningTally Start(params string[] args) => Start(new Dictionary<string, string>(), args);

    /// <summary>As <see cref="Start(string[])"/>, with <paramref name="environment"/> added to the child's environment.</summary>
    public static RunningTally Start(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "tally.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        var running = new RunningTally(Process.Start(start) ?? throw new InvalidOperationException("could not start tally"));
        running._process.OutputDataReceived += (_, e) => running.Add(running._stdout, e.Data);
        running._process.ErrorDataReceived += (_, e) => running.Add(running._stderr, e.Data);
        running._process.BeginOutputReadLine();
        running._process.BeginErrorReadLine();
        return running;
    }

    /// <summary>Waits for a stdout line starting with <paramref name="prefix"/>, counting from <paramref name="after"/> lines.</summary>
    public Task<int> StdoutLineAsync(string prefix, CancellationToken cancellationToken, int after = 0) => LineAsync(_stdout, l => l.StartsWith(prefix, StringComparison.Ordinal), after, cancellationToken);

    /// <summary>The stdout line at <paramref name="index"/> (as <see cref="StdoutLineAsync"/> returned it).</summary>
    public string StdoutLine(int index)
    {
        lock (_lock)
        {
            return _stdout[index];
        }
    }

    /// <summary>Waits for a stderr line containing <paramref name="text"/>.</summary>
    public Task<int> StderrLineAsync(string text, CancellationToken cancellationToken) => LineAsync(_stderr, l => l.Contains(text, StringComparison.Ordinal), 0, cancellationToken);

    /// <summary>Sends SIGTERM and waits for the exit; the exit code.</summary>
    public async Task<int> TerminateAsync(CancellationToken cancellationToken)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync(cancellationToken);
        }

        await _process.WaitForExitAsync(cancellationToken);
        return _process.ExitCode;
    }

    /// <summary>SIGKILL (kill -9): no shutdown, no finally blocks, no flushing; waits for the process to be gone.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private void Add(List<string> lines, string? line)
    {
        TaskCompletionSource pulse;
        lock (_lock)
        {
            if (line is not null)
            {
                lines.Add(line);
            }

            pulse = _line;
            _line = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        pulse.TrySetResult();
    }

    /// <summary>The index of the first matching line at or after <paramref name="after"/>; waits for new lines (no polling).</summary>
    private async Task<int> LineAsync(List<string> lines, Func<string, bool> match, int after, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task next;
            lock (_lock)
            {
                for (var i = after; i < lines.Count; i++)
                {
                    if (match(lines[i]))
                    {
                        return i;
                    }
                }

                next = _line.Task;
            }

            if (_process.HasExited && next.IsCompleted is false)
            {
                await _process.WaitForExitAsync(cancellationToken);
                lock (_lock)
                {
                    if (!lines.Skip(after).Any(match))
                    {
                        throw new InvalidOperationException($"tally exited ({_process.ExitCode}) without the line; stderr: {string.Join('\n', _stderr)}");
                    }
                }

                continue;
            }

            await next.WaitAsync(cancellationToken);
        }
    }
}
