using System.Threading.Channels;
using Tally.Storage;

namespace Tally.Engine.Tests;

/// <summary>
/// A running <see cref="UserDataFollower"/> seen through its callbacks: build the follower with its callbacks set
/// to this probe's <c>On…</c> methods, then <see cref="Start"/> it. Every wait ends as soon as the awaited callback arrives (the guard
/// only fails a hung test), and a wait fails at once if the follower died.
/// </summary>
internal sealed class FollowerProbe : IAsyncDisposable
{
    private readonly Channel<StreamStatus> _statuses = Channel.CreateUnbounded<StreamStatus>();
    private readonly Channel<IngestReport> _fills = Channel.CreateUnbounded<IngestReport>();
    private readonly Channel<SilentCheckResult> _checks = Channel.CreateUnbounded<SilentCheckResult>();
    private readonly Channel<SyncReport> _sweeps = Channel.CreateUnbounded<SyncReport>();
    private readonly Channel<string> _quarantined = Channel.CreateUnbounded<string>();
    private readonly CancellationTokenSource _stop = new();
    private readonly TimeSpan _guard;
    private UserDataFollower? _follower;
    private readonly ChangeSignal _changes;
    private Task _running = Task.CompletedTask;

    public FollowerProbe(TimeSpan? guard = null)
    {
        _guard = guard ?? TimeSpan.FromSeconds(30);
        _changes = new ChangeSignal(_guard);
    }

    public UserDataFollower Follower => _follower ?? throw new InvalidOperationException("not started");

    /// <summary>The running task (for a test that restarts the follower itself).</summary>
    public Task Running => _running;

    /// <summary>Runs <paramref name="follower"/> (built with this probe's callbacks) until stopped.</summary>
    public FollowerProbe Start(UserDataFollower follower, Func<UserDataFollower, CancellationToken, Task>? run = null)
    {
        _follower = follower;
        _running = (run ?? ((f, ct) => f.RunAsync(ct)))(follower, _stop.Token);
        _changes.Watched = _running;
        return this;
    }

    public void OnStatus(StreamStatus status)
    {
        _statuses.Writer.TryWrite(status);
        Pulse();
    }

    public void OnFill(IngestReport report)
    {
        _fills.Writer.TryWrite(report);
        Pulse();
    }

    public void OnCheck(SilentCheckResult result)
    {
        _checks.Writer.TryWrite(result);
        Pulse();
    }

    public void OnSweep(SyncReport report)
    {
        _sweeps.Writer.TryWrite(report);
        Pulse();
    }

    public void OnQuarantined(string problem)
    {
        _quarantined.Writer.TryWrite(problem);
        Pulse();
    }

    /// <summary>Reads statuses until <paramref name="wanted"/> comes.</summary>
    public async Task UntilStatusAsync(StreamStatus wanted)
    {
        while (await NextAsync(_statuses.Reader) != wanted)
        {
        }
    }

    public Task<IngestReport> NextFillAsync() => NextAsync(_fills.Reader);

    public Task<SilentCheckResult> NextCheckAsync() => NextAsync(_checks.Reader);

    public Task<SyncReport> NextSweepAsync() => NextAsync(_sweeps.Reader);

    public Task<string> NextQuarantinedAsync() => NextAsync(_quarantined.Reader);

    /// <summary>
    /// Waits until <paramref name="condition"/> holds, evaluating it again after each callback (every way the log
    /// or the status changes ends in one: a stream fill, Live after a back-fill, a check, a sweep).
    /// </summary>
    public Task UntilAsync(Func<Task<bool>> condition, TimeSpan? guard = null) => _changes.UntilAsync(condition, guard);

    public Task UntilAsync(Func<bool> condition, TimeSpan? guard = null) => UntilAsync(() => Task.FromResult(condition()), guard);

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _running);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_running.IsCompleted)
        {
            await _stop.CancelAsync();
            await Task.WhenAny(_running);
        }

        _stop.Dispose();
    }

    private async Task<T> NextAsync<T>(ChannelReader<T> reader)
    {
        using var timeout = new CancellationTokenSource(_guard);
        var next = reader.ReadAsync(timeout.Token).AsTask();
        if (await Task.WhenAny(next, _running) == _running && !next.IsCompleted)
        {
            await _running; // the follower died: its exception is the test's failure
            throw new InvalidOperationException("the follower ended");
        }

        return await next;
    }

    private void Pulse() => _changes.Pulse();
}
