namespace Tally.Engine.Tests;

/// <summary>
/// Wakes a waiting test whenever a callback reports a change, so a condition is evaluated again only after
/// something happened (no polling, no sleeps). A wait fails at once if the watched task died.
/// </summary>
internal sealed class ChangeSignal(TimeSpan guard)
{
    private TaskCompletionSource _change = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The task whose failure ends every wait (the follower or runner under test).</summary>
    public Task Watched { get; set; } = Task.CompletedTask;

    public void Pulse() => Interlocked.Exchange(ref _change, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();

    /// <summary>Waits until <paramref name="condition"/> holds, evaluating it again after each pulse.</summary>
    public async Task UntilAsync(Func<Task<bool>> condition, TimeSpan? within = null)
    {
        using var timeout = new CancellationTokenSource(within ?? guard);
        while (true)
        {
            var change = Volatile.Read(ref _change).Task;
            if (await condition())
            {
                return;
            }

            if (await Task.WhenAny(change, Watched).WaitAsync(timeout.Token) == Watched && !change.IsCompleted)
            {
                await Watched; // its exception is the test's failure
                throw new InvalidOperationException("the task under test ended");
            }
        }
    }
}
