using System.Data.Common;
using Tally.Storage;

namespace Tally.Storage.Tests;

/// <summary>
/// One empty database on the adapter under test, owned by one test: it can be opened as a store any number of
/// times (a "restart" is dispose, then open again) and poked with raw SQL to set up or tamper with state.
/// Disposing it deletes it.
/// </summary>
public abstract class TestDatabase : IAsyncDisposable
{
    /// <summary>A new store on this database (not migrated: <see cref="FillLog.OpenAsync"/> or the test does that).</summary>
    public abstract Task<IFillStore> OpenStoreAsync(CancellationToken cancellationToken);

    /// <summary>A raw, open connection beside the store, for SQL the port does not offer.</summary>
    public abstract Task<DbConnection> ConnectAsync(CancellationToken cancellationToken);

    /// <summary>SQL that is true (1) when the table exists.</summary>
    protected abstract string TableExistsSql { get; }

    public Task<int> ExecuteAsync(string sql, CancellationToken cancellationToken) => ExecuteAsync(sql, [], cancellationToken);

    public async Task<int> ExecuteAsync(string sql, IReadOnlyList<(string Name, object? Value)> parameters, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await using var command = Command(connection, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task<long> ScalarAsync(string sql, CancellationToken cancellationToken) => ScalarAsync(sql, [], cancellationToken);

    public async Task<long> ScalarAsync(string sql, IReadOnlyList<(string Name, object? Value)> parameters, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await using var command = Command(connection, sql, parameters);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>The first row of a query, each value as the provider returns it (SQLite: decimals as TEXT).</summary>
    public async Task<object?[]> RowAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = await ConnectAsync(cancellationToken);
        await using var command = Command(connection, sql, []);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            throw new InvalidOperationException($"no row for: {sql}");
        }

        var row = new object?[reader.FieldCount];
        for (var i = 0; i < row.Length; i++)
        {
            row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
        }

        return row;
    }

    public async Task<bool> TableExistsAsync(string table, CancellationToken cancellationToken) =>
        await ScalarAsync(TableExistsSql, [("@table", table)], cancellationToken) == 1;

    public abstract ValueTask DisposeAsync();

    private static DbCommand Command(DbConnection connection, string sql, IReadOnlyList<(string Name, object? Value)> parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        return command;
    }
}
