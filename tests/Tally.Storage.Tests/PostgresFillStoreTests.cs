using Npgsql;
using Tally.Storage.Sql;

namespace Tally.Storage.Tests;

/// <summary>The store contract on the PostgreSQL store, plus what only a server with concurrent clients can show.</summary>
public sealed class PostgresFillStoreTests : FillStoreContract, IClassFixture<PostgresServer>
{
    // The advisory lock key PostgresFillStore takes to serialize migrators.
    private const long MigrationLockKey = 0x7461_6C6C_7900;

    private readonly PostgresServer _server;

    public PostgresFillStoreTests(PostgresServer server)
    {
        _server = server;
    }

    protected override Task<TestDatabase> CreateDatabaseCoreAsync(CancellationToken cancellationToken) => _server.CreateDatabaseAsync(cancellationToken);

    /// <summary>
    /// Two tally processes starting on a fresh database: the first is inside its migration transaction when the
    /// second begins. The migrator's advisory lock is there to make the second wait and then find version 1.
    /// </summary>
    [Fact]
    public async Task Two_migrators_starting_at_once_on_a_fresh_database_both_succeed()
    {
        var database = await CreateDatabaseAsync();
        await using var firstConnection = (NpgsqlConnection)await database.ConnectAsync(Ct);
        var inside = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var proceed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var first = new Migrator("postgres").MigrateAsync(
            firstConnection,
            async (connection, transaction, cancellationToken) =>
            {
                await using var command = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({MigrationLockKey})", (NpgsqlConnection)connection, (NpgsqlTransaction)transaction);
                await command.ExecuteNonQueryAsync(cancellationToken);
                inside.SetResult();
                await proceed.Task.WaitAsync(cancellationToken);
            },
            Ct);
        await inside.Task.WaitAsync(Ct);

        var store = await OpenStoreAsync(database);
        var second = store.MigrateAsync(Ct);
        await WaitUntilBlockedAsync(database, second);
        proceed.SetResult();

        Assert.Equal(LatestVersion, await first);
        Assert.Equal(LatestVersion, await second);
        Assert.Equal(LatestVersion, await database.ScalarAsync("SELECT COUNT(*) FROM schema_version", Ct));
    }

    /// <summary>Polls pg_locks until some backend of this database waits for a lock (or the task ends first).</summary>
    private async Task WaitUntilBlockedAsync(TestDatabase database, Task task)
    {
        const string waiting = "SELECT COUNT(*) FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE NOT l.granted AND a.datname = current_database()";
        while (!task.IsCompleted && await database.ScalarAsync(waiting, Ct) == 0)
        {
            await Task.Yield();
        }
    }
}
