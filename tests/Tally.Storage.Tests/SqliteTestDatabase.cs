using System.Data.Common;
using Microsoft.Data.Sqlite;
using Tally.Storage;

namespace Tally.Storage.Tests;

/// <summary>A SQLite file in its own temporary directory (the WAL and shared-memory files live beside it).</summary>
public sealed class SqliteTestDatabase : TestDatabase
{
    private readonly string _directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "tally-store-tests", Guid.NewGuid().ToString("N"));

    public SqliteTestDatabase()
    {
        Directory.CreateDirectory(_directory);
    }

    public string Path => System.IO.Path.Combine(_directory, "tally.db");

    protected override string TableExistsSql => "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = @table";

    // Through FillStores, as `tally --db sqlite:PATH` opens it.
    public override Task<IFillStore> OpenStoreAsync(CancellationToken cancellationToken) => FillStores.OpenAsync("sqlite:" + Path, cancellationToken);

    public override async Task<DbConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        // No pooling: a pooled connection would keep the file open after the test deletes it.
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = Path, Pooling = false }.ToString());
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    public override ValueTask DisposeAsync()
    {
        Directory.Delete(_directory, recursive: true);
        return ValueTask.CompletedTask;
    }
}
