using Tally.Storage;
using Tally.TestSupport.Storage;

namespace Tally.Engine.Tests;

/// <summary>
/// A store that "dies" at its n-th commit: the transaction is rolled back and an IOException thrown, which is
/// what a process killed mid-batch leaves on disk (everything up to the last commit, nothing of the batch).
/// </summary>
internal sealed class CrashingStore(IFillStore inner, int crashAtCommit) : ForwardingStore(inner)
{
    private int _commits;

    protected override Task CommitAsync(IFillStoreSession session, CancellationToken cancellationToken) =>
        Interlocked.Increment(ref _commits) == crashAtCommit
            ? throw new IOException("simulated crash before commit")
            : base.CommitAsync(session, cancellationToken);
}
