using System.Data.Common;
using System.Globalization;
using System.Reflection;

namespace Tally.Storage.Sql;

/// <summary>
/// Applies the versioned SQL files embedded under Migrations/{dialect}/NNNN_name.sql, in order, each with
/// its version row, all inside one transaction: a crash mid-migration leaves the old schema intact.
/// </summary>
public sealed class Migrator
{
    private readonly string _dialect;

    public Migrator(string dialect)
    {
        _dialect = dialect;
        Migrations = LoadMigrations(dialect);
    }

    public IReadOnlyList<(int Version, string Name, string Sql)> Migrations { get; }

    public int LatestVersion => Migrations.Count == 0 ? 0 : Migrations[^1].Version;

    /// <summary>
    /// Test seam, unset in tally: awaited inside the migration transaction after the last migration and before
    /// the commit, so the kill -9 test's harness (tests/Tally.MigrationHarness, a friend assembly) can stop there.
    /// </summary>
    internal Func<CancellationToken, Task>? BeforeCommitAsync { get; set; }

    public async Task<int> MigrateAsync(DbConnection connection, Func<DbConnection, DbTransaction, CancellationToken, Task>? lockAsync, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // Lock first: two migrators creating schema_version at once would collide even with IF NOT EXISTS.
        if (lockAsync is not null)
        {
            await lockAsync(connection, transaction, cancellationToken);
        }

        await ExecuteAsync(connection, transaction, "CREATE TABLE IF NOT EXISTS schema_version (version BIGINT NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied_ms BIGINT NOT NULL)", cancellationToken);

        var current = await CurrentVersionAsync(connection, transaction, cancellationToken);
        if (current > LatestVersion)
        {
            throw new SchemaException($"the database schema is version {current}, newer than this tally knows ({LatestVersion}); upgrade tally before using this database");
        }

        foreach (var (version, name, sql) in Migrations.Where(m => m.Version > current))
        {
            await ExecuteAsync(connection, transaction, sql, cancellationToken);
            await using var record = connection.CreateCommand();
            record.Transaction = transaction;
            record.CommandText = "INSERT INTO schema_version (version, name, applied_ms) VALUES (@version, @name, @applied)";
            AddParameter(record, "@version", (long)version);
            AddParameter(record, "@name", name);
            AddParameter(record, "@applied", DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
            await record.ExecuteNonQueryAsync(cancellationToken);
        }

        if (BeforeCommitAsync is not null)
        {
            await BeforeCommitAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return Math.Max(current, LatestVersion);
    }

    private static async Task<int> CurrentVersionAsync(DbConnection connection, DbTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var query = connection.CreateCommand();
        query.Transaction = transaction;
        query.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_version";
        var value = await query.ExecuteScalarAsync(cancellationToken);
        return Convert.ToInt32(value, CultureInfo.InvariantCulture);
    }

    private static async Task ExecuteAsync(DbConnection connection, DbTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void AddParameter(DbCommand command, string name, object value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    private static List<(int, string, string)> LoadMigrations(string dialect)
    {
        var assembly = typeof(Migrator).Assembly;
        var prefix = $"migrations/{dialect}/";
        var list = new List<(int, string, string)>();
        foreach (var resource in assembly.GetManifestResourceNames().Where(r => r.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            var name = resource[prefix.Length..^".sql".Length];
            var version = int.Parse(name.AsSpan(0, name.IndexOf('_', StringComparison.Ordinal)), CultureInfo.InvariantCulture);
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            list.Add((version, name, reader.ReadToEnd()));
        }

        return list;
    }
}
