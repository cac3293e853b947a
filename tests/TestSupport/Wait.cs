namespace Tally.TestSupport;

/// <summary>
/// Waiting on a condition rather than for a fixed time: polls until it holds and fails, naming what it waited
/// for, only after a deadline far beyond what a passing run needs.
/// </summary>
internal static class Wait
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    /// <summary>Until <paramref name="condition"/> holds, or <see cref="TimeoutException"/> after 30 s.</summary>
    public static async Task UntilAsync(Func<bool> condition, string what)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        await UntilAsync(_ => Task.FromResult(condition()), what, deadline.Token);
    }

    /// <summary>Until <paramref name="condition"/> holds, or <see cref="TimeoutException"/> when <paramref name="cancellationToken"/> fires.</summary>
    public static async Task UntilAsync(Func<CancellationToken, Task<bool>> condition, string what, CancellationToken cancellationToken)
    {
        try
        {
            while (!await condition(cancellationToken))
            {
                await Task.Delay(Poll, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"gave up waiting for {what}");
        }
    }
}
