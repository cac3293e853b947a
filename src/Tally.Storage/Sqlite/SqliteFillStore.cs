using System.Buffers;
using System.Data.Common;
using System.Text;
using System.Text.Json;
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

    public override async ValueTask DisposeAsync() => await _connection.DisposeAsync();

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
