using System.Buffers;
using System.Data.Common;
using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Tally.Core;
using Tally.Storage.Sql;

namespace Tally.Storage.Sqlite;

/// <summary>
/// The embedded store: one SQLite file in WAL mode with synchronous=FULL, so a committed batch survives
/// a kill -9 and a power cut. Each unit of work takes its own pooled connection, so reads run beside an
/// open write transaction and see only committed fills (WAL gives readers a snapshot); SQLite itself
/// allows one writer at a time, and the fill log above serializes its writes. Thread safe.
/// </summary>
public sealed class SqliteFillStore : SqlFillStore
{
    // Per connection, so set on every acquire: FULL fsyncs the WAL on each commit, which is what
    // "acknowledged only after commit" has to mean; a writer waits up to 30 s for another process's lock.
    // A 64 MB page cache (default 2 MB) keeps the trades identity index, which every batch inserts into at
    // scattered places, in memory as the log grows; it changes nothing about durability.
    private const string ConnectionPragmas = "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 30000; PRAGMA cache_size = -65536;";

    private readonly string _connectionString;

    private SqliteFillStore(string connectionString, string path)
        : base(SqliteDialect.Instance)
    {
        _connectionString = connectionString;
        Path = path;
    }

    public string Path { get; }

    public override string Description => $"sqlite:{Path}";

    public static async Task<SqliteFillStore> OpenAsync(string path, CancellationToken cancellationToken)
    {
        var fullPath = System.IO.Path.GetFullPath(path);
        var connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = fullPath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        var store = new SqliteFillStore(connectionString, fullPath);
        var connection = await store.AcquireAsync(cancellationToken);
        try
        {
            // WAL is a property of the file, set once: readers (another `tally positions`) run beside a writer.
            await using var wal = Db.Command(connection, null, "PRAGMA journal_mode = WAL;");
            await wal.ExecuteNonQueryAsync(cancellationToken);
        }
        finally
        {
            await store.ReleaseAsync(connection);
        }

        return store;
    }

    protected internal override async ValueTask<DbConnection> AcquireAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken);
            await using var pragmas = Db.Command(connection, null, ConnectionPragmas);
            await pragmas.ExecuteNonQueryAsync(cancellationToken);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    protected internal override ValueTask ReleaseAsync(DbConnection connection) => connection.DisposeAsync();

    // BEGIN IMMEDIATE: the write lock is taken at once (waiting up to busy_timeout for another process's), not on the
    // first write, so what the transaction reads first is already what no other writer can change.
    // Deferred: the read snapshot starts at the first SELECT and holds until the end; writers go on beside it (WAL).
    protected override Task<DbTransaction> BeginReadAsync(DbConnection connection, CancellationToken cancellationToken) =>
        Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: true));

    protected override Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken) =>
        Task.FromResult<DbTransaction>(((SqliteConnection)connection).BeginTransaction(deferred: false));

    protected internal override async Task<IReadOnlyDictionary<FillIdentity, StoredFill>> FindAsync(DbConnection connection, DbTransaction transaction, IReadOnlyCollection<FillIdentity> identities, CancellationToken cancellationToken)
    {
        // One statement per batch instead of one per fill: the identities travel as a JSON array of
        // [venue, account, symbol, trade_id] and are joined to the unique index inside SQLite.
        await using var command = Db.Command(
            connection,
            transaction,
            $"""
            SELECT {string.Join(", ", TradeRows.Columns.Split(", ").Select(c => "t." + c))}
            FROM json_each(@ids) AS k
            JOIN trades t ON t.venue = json_extract(k.value, '$[0]') AND t.account = json_extract(k.value, '$[1]')
                         AND t.symbol = json_extract(k.value, '$[2]') AND t.trade_id = json_extract(k.value, '$[3]')
            """);
        command.Add("@ids", IdentitiesJson(identities));
        var found = new Dictionary<FillIdentity, StoredFill>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var stored = TradeRows.Read(reader, Dialect);
            found[FillIdentity.Of(stored.Fill)] = stored;
        }

        return found;
    }

    public override ValueTask DisposeAsync()
    {
        // Pooled connections keep the file open; close them so the file can be moved or deleted.
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
        return ValueTask.CompletedTask;
    }

    private static string IdentitiesJson(IReadOnlyCollection<FillIdentity> identities)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartArray();
            foreach (var id in identities)
            {
                json.WriteStartArray();
                json.WriteStringValue(id.Venue);
                json.WriteStringValue(id.Account);
                json.WriteStringValue(id.Symbol);
                json.WriteStringValue(id.TradeId);
                json.WriteEndArray();
            }

            json.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
