using System.Data.Common;
using Microsoft.Data.Sqlite;
using Tally.Storage.Sql;

namespace Tally.Storage.Sqlite;

/// <summary>
/// The embedded store: one SQLite file in WAL mode with synchronous=FULL, so a committed batch survives
/// a kill -9 and a power cut. One connection serves the process: SQLite allows one writer at a time
/// anyway, and the fill log above it serializes writes. Not thread safe.
/// </summary>
public sealed class SqliteFillStore : SqlFillStore
{
    private readonly SqliteConnection _connection;

    private SqliteFillStore(SqliteConnection connection, string path)
        : base(SqliteDialect.Instance)
    {
        _connection = connection;
        Path = path;
    }

    public string Path { get; }

    public override string Description => $"sqlite:{Path}";

    public static async Task<SqliteFillStore> OpenAsync(string path, CancellationToken cancellationToken)
    {
        var fullPath = System.IO.Path.GetFullPath(path);
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = fullPath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
            DefaultTimeout = 30,
        }.ToString());
        await connection.OpenAsync(cancellationToken);
        await using (var pragmas = connection.CreateCommand())
        {
            // WAL lets readers (another `tally positions`) run beside a writer; FULL fsyncs the WAL on every
            // commit, which is what "acknowledged only after commit" has to mean.
            pragmas.CommandText = "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 30000;";
            await pragmas.ExecuteNonQueryAsync(cancellationToken);
        }

        return new SqliteFillStore(connection, fullPath);
    }

    protected internal override ValueTask<DbConnection> AcquireAsync(CancellationToken cancellationToken) => ValueTask.FromResult<DbConnection>(_connection);

    protected internal override ValueTask ReleaseAsync(DbConnection connection) => ValueTask.CompletedTask;

    public override async ValueTask DisposeAsync() => await _connection.DisposeAsync();
}
