using Npgsql;

namespace Tally.Storage.Postgres;

/// <summary>
/// A throw-away database created next to the one a URL names (for benchmarks and tests), dropped on dispose.
/// Needs a role allowed to CREATE DATABASE.
/// </summary>
public sealed class PostgresScratchDatabase : IAsyncDisposable
{
    private readonly string _serverConnection;
    private readonly string _name;

    private PostgresScratchDatabase(string serverConnection, string name, string url)
    {
        _serverConnection = serverConnection;
        _name = name;
        Url = url;
    }

    /// <summary>postgres:// URL of the new database, credentials as in the original.</summary>
    public string Url { get; }

    public static async Task<PostgresScratchDatabase> CreateAsync(string serverUrl, string prefix, CancellationToken cancellationToken)
    {
        var builder = PostgresUrl.ToConnectionString(serverUrl);
        var name = $"{prefix}_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(builder.ConnectionString))
        {
            await connection.OpenAsync(cancellationToken);
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        var url = new UriBuilder("postgres", builder.Host, builder.Port, name)
        {
            UserName = Uri.EscapeDataString(builder.Username ?? string.Empty),
            Password = Uri.EscapeDataString(builder.Password ?? string.Empty),
        };
        return new PostgresScratchDatabase(builder.ConnectionString, name, url.Uri.ToString());
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_serverConnection);
        await connection.OpenAsync();
        try
        {
            // A plain DROP waits out an autovacuum worker in the database; WITH (FORCE) would try to terminate it
            // and fails (42501) for a role without pg_signal_backend, so it is only the fallback.
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_name}", connection);
            await drop.ExecuteNonQueryAsync();
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ObjectInUse)
        {
            await using var force = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)", connection);
            await force.ExecuteNonQueryAsync();
        }
    }
}
