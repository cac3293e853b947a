using Npgsql;
using Tally.Storage.Postgres;

namespace Tally.Storage.Tests;

/// <summary>
/// The PostgreSQL server named by <c>TALLY_TEST_POSTGRES</c> (scripts/ensure-postgres.sh sets it), on which every
/// test gets a database of its own: <c>tally_t_&lt;guid&gt;</c>, created through that URL's connection and dropped
/// afterwards. The role needs CREATEDB. Without the variable the tests fail (never skip) and say what to run.
/// </summary>
public sealed class PostgresServer
{
    public const string Variable = "TALLY_TEST_POSTGRES";

    private readonly string? _url = Environment.GetEnvironmentVariable(Variable);

    public async Task<TestDatabase> CreateDatabaseAsync(CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(_url))
        {
            Assert.Fail(Environment.GetEnvironmentVariable("CI") == "true"
                ? $"{Variable} is not set and CI=true: the PostgreSQL store contract must run in CI. scripts/test.sh sources scripts/ensure-postgres.sh, " +
                  $"which starts a private PostgreSQL on 127.0.0.1:55432 and sets {Variable}; check its output, or point {Variable} at a server " +
                  "(postgres://user:pass@host:port/db, a role allowed to CREATE DATABASE)."
                : $"{Variable} is not set, so the PostgreSQL store tests cannot run. Run scripts/test.sh (it starts a private PostgreSQL on " +
                  $"127.0.0.1:55432 through scripts/ensure-postgres.sh), or `source scripts/ensure-postgres.sh` before `dotnet test`, or set " +
                  $"{Variable}=postgres://user:pass@host:port/db for a role allowed to CREATE DATABASE.");
        }

        var name = "tally_t_" + Guid.NewGuid().ToString("N");
        await using var admin = await ConnectAdminAsync(cancellationToken);
        // FILE_COPY (PostgreSQL 15+) copies the template's files instead of WAL-logging every block: 4x faster here.
        var strategy = admin.PostgreSqlVersion.Major >= 15 ? " STRATEGY FILE_COPY" : string.Empty;
        await using (var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"{strategy}", admin))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        return new PostgresTestDatabase(this, name);
    }

    /// <summary>The URL (or connection string) for database <paramref name="name"/> on the same server, as a user would pass it to --db.</summary>
    internal string StoreSpec(string name)
    {
        var url = _url!;
        if (url.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            return new UriBuilder(url) { Path = "/" + name }.Uri.AbsoluteUri;
        }

        return ConnectionString(name, pooling: true);
    }

    internal string ConnectionString(string? name, bool pooling)
    {
        var builder = PostgresUrl.ToConnectionString(_url!);
        if (name is not null)
        {
            builder.Database = name;
        }

        builder.Pooling = pooling;
        return builder.ConnectionString;
    }

    internal async Task DropAsync(string name)
    {
        await using var admin = await ConnectAdminAsync(CancellationToken.None);
        try
        {
            // A plain DROP stops an autovacuum worker busy in the database by itself; WITH (FORCE) would instead try to
            // terminate it and fail for a role without pg_signal_backend.
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\"", admin);
            await drop.ExecuteNonQueryAsync();
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ObjectInUse)
        {
            // A connection of the test's own is still open (a test that failed half-way): end it.
            await using var force = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", admin);
            await force.ExecuteNonQueryAsync();
        }
    }

    private async Task<NpgsqlConnection> ConnectAdminAsync(CancellationToken cancellationToken)
    {
        var connection = new NpgsqlConnection(ConnectionString(name: null, pooling: true));
        try
        {
            await connection.OpenAsync(cancellationToken);
            return connection;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            await connection.DisposeAsync();
            Assert.Fail($"{Variable}={PostgresUrl.Redact(_url!)} is set but the server does not answer: {e.Message}. Run scripts/test.sh, which starts one (scripts/ensure-postgres.sh).");
            throw;
        }
    }
}
