using System.Data.Common;
using Npgsql;
using NpgsqlTypes;
using Tally.Core;
using Tally.Storage.Sql;

namespace Tally.Storage.Postgres;

/// <summary>
/// The production store. Connections come from Npgsql's pool, one per unit of work; new fills are written
/// with binary COPY and looked up in one round trip per batch, so large batches cost a few statements.
/// Thread safe (the pool is).
/// </summary>
public sealed class PostgresFillStore : SqlFillStore
{
    // Any constant works; it only has to be the same for every tally process migrating this database.
    private const long MigrationLockKey = 0x7461_6C6C_7900;
    private const long WriterLockKey = 0x7461_6C6C_7901;

    private readonly NpgsqlDataSource _dataSource;

    private PostgresFillStore(NpgsqlDataSource dataSource, string description)
        : base(PostgresDialect.Instance)
    {
        _dataSource = dataSource;
        Description = description;
    }

    public override string Description { get; }

    /// <summary>Opens a store from a <c>postgres://user:pass@host:port/db</c> URL or an Npgsql connection string.</summary>
    public static PostgresFillStore Open(string urlOrConnectionString)
    {
        var builder = PostgresUrl.ToConnectionString(urlOrConnectionString);
        var description = $"postgres://{builder.Username}@{builder.Host}:{builder.Port}/{builder.Database}";
        return new PostgresFillStore(NpgsqlDataSource.Create(builder), description);
    }

    protected internal override async ValueTask<DbConnection> AcquireAsync(CancellationToken cancellationToken) =>
        await _dataSource.OpenConnectionAsync(cancellationToken);

    protected internal override ValueTask ReleaseAsync(DbConnection connection) => connection.DisposeAsync();

    protected override async Task<DbTransaction> BeginReadAsync(DbConnection connection, CancellationToken cancellationToken) =>
        await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);

    // Every writing tally process takes this lock first, for the length of its transaction; a second writer waits.
    protected override async Task<DbTransaction> BeginWriteAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            await using var command = Db.Command(connection, transaction, "SELECT pg_advisory_xact_lock(@key)");
            command.Add("@key", WriterLockKey);
            await command.ExecuteNonQueryAsync(cancellationToken);
            return transaction;
        }
        catch
        {
            await transaction.DisposeAsync();
            throw;
        }
    }

    protected override async Task LockForMigrationAsync(DbConnection connection, DbTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = Db.Command(connection, transaction, "SELECT pg_advisory_xact_lock(@key)");
        command.Add("@key", MigrationLockKey);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    protected internal override async Task InsertTradesAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<NewFillRow> rows, string table, CancellationToken cancellationToken)
    {
        var npgsql = (NpgsqlConnection)connection;
        await using var copy = await npgsql.BeginBinaryImportAsync(
            $"COPY {table} ({string.Join(", ", TradeRows.InsertColumns)}) FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var row in rows)
        {
            await copy.StartRowAsync(cancellationToken);
            foreach (var value in TradeRows.Values(row, Dialect))
            {
                switch (value)
                {
                    case null:
                        await copy.WriteNullAsync(cancellationToken);
                        break;
                    case string text:
                        await copy.WriteAsync(text, NpgsqlDbType.Text, cancellationToken);
                        break;
                    case decimal number:
                        await copy.WriteAsync(number, NpgsqlDbType.Numeric, cancellationToken);
                        break;
                    case long integer:
                        await copy.WriteAsync(integer, NpgsqlDbType.Bigint, cancellationToken);
                        break;
                    case DBNull:
                        await copy.WriteNullAsync(cancellationToken);
                        break;
                    default:
                        throw new InvalidOperationException($"no COPY mapping for {value.GetType()}");
                }
            }
        }

        await copy.CompleteAsync(cancellationToken);
    }

    protected internal override async Task<IReadOnlyDictionary<FillIdentity, StoredFill>> FindAsync(DbConnection connection, DbTransaction transaction, IReadOnlyCollection<FillIdentity> identities, CancellationToken cancellationToken)
    {
        // One round trip for the whole batch: join the identities, passed as four parallel arrays, to the unique index.
        await using var command = Db.Command(
            connection,
            transaction,
            $"""
            SELECT {string.Join(", ", TradeRows.Columns.Split(", ").Select(c => "t." + c))}
            FROM unnest(@venues, @accounts, @symbols, @trade_ids) AS k(venue, account, symbol, trade_id)
            JOIN trades t ON t.venue = k.venue AND t.account = k.account AND t.symbol = k.symbol AND t.trade_id = k.trade_id
            """);
        command.Add("@venues", identities.Select(i => i.Venue).ToArray());
        command.Add("@accounts", identities.Select(i => i.Account).ToArray());
        command.Add("@symbols", identities.Select(i => i.Symbol).ToArray());
        command.Add("@trade_ids", identities.Select(i => i.TradeId).ToArray());
        var found = new Dictionary<FillIdentity, StoredFill>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var stored = TradeRows.Read(reader, Dialect);
            found[FillIdentity.Of(stored.Fill)] = stored;
        }

        return found;
    }

    public override async ValueTask DisposeAsync() => await _dataSource.DisposeAsync();
}
