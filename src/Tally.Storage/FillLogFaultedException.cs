namespace Tally.Storage;

/// <summary>
/// The fill log refuses work: a write failed and reloading the committed state from the store failed too, so
/// what it holds in memory may be ahead of disk. Nothing more is ingested or answered until the log is opened
/// again (<see cref="FillLog.OpenAsync"/>), which rebuilds it from the store.
/// </summary>
/// <remarks><see cref="Exception.InnerException"/> is the failure of the write that started it; <see cref="ReloadFailure"/> the failed reload.</remarks>
public sealed class FillLogFaultedException : InvalidOperationException
{
    public FillLogFaultedException()
        : this("the fill log is faulted and must be reopened")
    {
    }

    public FillLogFaultedException(string message)
        : base(message)
    {
    }

    public FillLogFaultedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public FillLogFaultedException(Exception cause, Exception reloadFailure)
        : base(
            $"the fill log is faulted and must be reopened: a write failed ({cause?.Message}) and reloading from the store failed too ({reloadFailure?.Message})",
            cause)
    {
        ReloadFailure = reloadFailure;
    }

    /// <summary>Why the reload after the failed write failed.</summary>
    public Exception? ReloadFailure { get; }
}
