namespace Tally.Cli.Demo;

/// <summary>
/// <c>tally demo</c>'s stdout: the dashboard URL first, then (unless quiet) one line per notable action. Lines wait for
/// the URL: nothing is printed before it, and the strategies start only once it is out.
/// </summary>
public sealed class DemoOutput(TextWriter writer, bool quiet, TimeProvider time)
{
    private readonly Lock _lock = new();
    private readonly TaskCompletionSource _started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes once the URL line is written.</summary>
    public Task Started => _started.Task;

    /// <summary>The first lines: where the dashboard (and API) answers and the token writes need.</summary>
    public void Listening(Uri url, string token)
    {
        lock (_lock)
        {
            writer.WriteLine(url.AbsoluteUri);
            if (!quiet)
            {
                writer.WriteLine($"api token: {token} (force close, POST {new Uri(url, "api/signals").AbsoluteUri}); Ctrl+C stops the demo");
            }
        }

        _started.TrySetResult();
    }

    /// <summary>One action line, stamped with the time of day (UTC); nothing when quiet.</summary>
    public void Line(string text)
    {
        if (quiet)
        {
            return;
        }

        lock (_lock)
        {
            writer.WriteLine($"{time.GetUtcNow():HH:mm:ss} {text}");
        }
    }
}
