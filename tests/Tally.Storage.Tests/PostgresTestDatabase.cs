using System.Data.Common;
using Npgsql;
using Tally.Storage;

namespace Tally.Storage.Tests;

/// <summary>One database <c>tally_t_&lt;guid&gt;</c> on the test server, dropped on dispose.</summary>
public sealed class PostgresTestDatabase : TestDatabase
{
    private readonly PostgresServer _server;

    internal PostgresTestDatabase(PostgresServer server, string name)
    {
        _server = server;
        Name = name;
    }

    public string Name { get; }

    protected override string TableExistsSql =>
        "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = @table";

    // Through FillStores, as `tally --db postgres://…` opens it.
    public override Task<IFillStore> OpenStoreAsync(CancellationToken cancellationToken) => FillStores.OpenAsync(_server.StoreSpec(Name), cancellationToken);

    public override async Task<DbConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        // No pooling: pooled connections to a dropped database would linger in Npgsql's global pool.
        var connection = new NpgsqlConnection(_server.ConnectionString(Name, pooling: false));
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    public override async ValueTask DisposeAsync() => await _server.DropAsync(Name);
}
