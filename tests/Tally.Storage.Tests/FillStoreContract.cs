using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Time.Testing;
using Tally.Core;

namespace Tally.Storage.Tests;

/// <summary>
/// The contract every <see cref="IFillStore"/> adapter keeps, exercised through <see cref="FillLog"/> (the public
/// API) and the store's reads. One subclass per adapter supplies empty databases; the tests are the same for
/// all, because DESIGN.md §7 promises "the same schema and the same answers on both".
/// </summary>
/// <remarks>
/// The tests are split by topic over the FillStoreContract.*.cs files. Each test gets its own database(s),
/// deleted afterwards, and a <see cref="FakeTimeProvider"/> clock; none sleeps.
/// </remarks>
[SuppressMessage("Design", "CA1001", Justification = "Disposed in IAsyncLifetime.DisposeAsync, which xUnit calls after every test.")]
public abstract partial class FillStoreContract : IAsyncLifetime
{
    /// <summary>What the fake clock says while a test runs: the ingest time of every fill.</summary>
    protected static readonly DateTimeOffset Now = new(2026, 3, 2, 9, 30, 0, TimeSpan.Zero);

    private readonly List<TestDatabase> _databases = [];
    private readonly List<IAsyncDisposable> _opened = [];
    private readonly System.Runtime.CompilerServices.ConditionalWeakTable<FillLog, IFillStore> _stores = [];
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(60);
    private CancellationTokenSource _timeout = new(Guard);

    protected FakeTimeProvider Time { get; } = new(Now);

    /// <summary>Cancelled if a test (or one case of a property, see <see cref="RestartGuard"/>) runs for a minute: a hang fails instead of stalling the run.</summary>
    protected CancellationToken Ct => _timeout.Token;

    /// <summary>
    /// Gives <see cref="Ct"/> a fresh minute. A property runs its cases (30, each on a new database) in one test: each case
    /// gets the whole guard against a hang, not a share of one minute that a loaded machine used up before the last case.
    /// </summary>
    protected void RestartGuard()
    {
        var spent = _timeout;
        _timeout = new CancellationTokenSource(Guard);
        spent.Dispose();
    }

    /// <summary>A brand-new, empty database on the adapter under test.</summary>
    protected abstract Task<TestDatabase> CreateDatabaseCoreAsync(CancellationToken cancellationToken);

    protected async Task<TestDatabase> CreateDatabaseAsync()
    {
        var database = await CreateDatabaseCoreAsync(Ct);
        _databases.Add(database);
        return database;
    }

    /// <summary>A brand-new, empty store (not yet migrated).</summary>
    protected async Task<IFillStore> CreateStoreAsync() => await OpenStoreAsync(await CreateDatabaseAsync());

    protected async Task<IFillStore> OpenStoreAsync(TestDatabase database)
    {
        var store = await database.OpenStoreAsync(Ct);
        _opened.Add(store);
        return store;
    }

    /// <summary>
    /// A fill log over a new store on <paramref name="database"/>; opening it again is a restart. Disposed after the
    /// test unless <paramref name="track"/> is false (the test disposes it). <paramref name="wrap"/> puts an adapter between them.
    /// </summary>
    protected async Task<FillLog> OpenLogAsync(TestDatabase database, bool track = true, Func<IFillStore, IFillStore>? wrap = null, Tally.Core.Attribution.AttributionPolicy? policy = null)
    {
        var opened = await OpenStoreAsync(database);   // tracked: disposed even if opening the log fails
        var store = wrap is null ? opened : wrap(opened);
        var log = policy is { } asked ? await FillLog.OpenAsync(store, Time, asked, Ct) : await FillLog.OpenAsync(store, Time, Ct);
        _stores.Add(log, store);
        if (track)
        {
            _opened.Add(log);
        }

        return log;
    }

    /// <summary>The store under <paramref name="log"/>, for reads the log does not offer (stored positions, instruments).</summary>
    protected IFillStore StoreOf(FillLog log) => _stores.TryGetValue(log, out var store) ? store : throw new InvalidOperationException("not a log this test opened");

    protected async Task<(TestDatabase Database, FillLog Log)> NewLogAsync()
    {
        var database = await CreateDatabaseAsync();
        return (database, await OpenLogAsync(database));
    }

    protected async Task<List<StoredFill>> ReadFillsAsync(IFillStore store, FillQuery? query = null)
    {
        var fills = new List<StoredFill>();
        await foreach (var fill in store.ReadFillsAsync(query ?? new FillQuery(), Ct))
        {
            fills.Add(fill);
        }

        return fills;
    }

    /// <summary>Live ledger, stored positions and a full replay must all be the same, and VerifyAsync must say so.</summary>
    protected async Task AssertConsistentAsync(FillLog log)
    {
        var (replayed, _) = await log.ReplayAsync(until: null, Ct);
        LedgerAssert.Same(replayed, (await log.SnapshotAsync(Ct)), "the live ledger");
        LedgerAssert.Same(LedgerAssert.States(replayed), LedgerAssert.States(await StoreOf(log).ReadPositionsAsync(Ct)), "the stored positions");
        var report = await log.VerifyAsync(Ct);
        Assert.True(report.Equal, "VerifyAsync found differences:\n" + string.Join("\n", report.Differences));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        // Stores first (a fill log disposes its own; disposing twice is harmless), then the databases.
        for (var i = _opened.Count - 1; i >= 0; i--)
        {
            await _opened[i].DisposeAsync();
        }

        foreach (var database in _databases)
        {
            await database.DisposeAsync();
        }

        _timeout.Dispose();
    }
}
