using Tally.TestSupport.Storage;

namespace Tally.Storage.Tests;

/// <summary>
/// A store that goes down on demand: once <see cref="GoDownAtNextCommit"/> is called, the next commit fails (its
/// transaction rolled back, as a lost connection leaves it) and, if it stays down, every later call fails too, reads
/// included, until <see cref="ComeBack"/>. The transaction's writes before the commit reach the real store's transaction, so the
/// fold of the failed batch has run in memory by then.
/// </summary>
internal sealed class OutageStore(IFillStore inner) : ForwardingStore(inner)
{
    public const string CommitFailure = "connection lost during commit";
    public const string DownFailure = "store unreachable";

    private volatile bool _failNextCommit;
    private volatile bool _down;
    private volatile bool _stayDown;

    public void GoDownAtNextCommit(bool stayDown = true) => (_failNextCommit, _stayDown) = (true, stayDown);

    public void ComeBack() => _down = false;

    protected override void BeforeCall()
    {
        if (_down)
        {
            throw new IOException(DownFailure);
        }
    }

    protected override Task CommitAsync(IFillStoreSession session, CancellationToken cancellationToken)
    {
        if (_failNextCommit)
        {
            // Not committed: disposing the session rolls the real transaction back.
            (_failNextCommit, _down) = (false, _stayDown);
            throw new IOException(CommitFailure);
        }

        BeforeCall();
        return base.CommitAsync(session, cancellationToken);
    }
}
