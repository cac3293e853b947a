namespace Tally.Storage.Tests;

/// <summary>The store contract on the PostgreSQL store, plus what only a server with concurrent clients can show.</summary>
public sealed class PostgresFillStoreTests : FillStoreContract, IClassFixture<PostgresServer>
{
    private readonly PostgresServer _server;

    public PostgresFillStoreTests(PostgresServer server)
    {
        _server = server;
    }

    protected override Task<TestDatabase> CreateDatabaseCoreAsync(CancellationToken cancellationToken) => _server.CreateDatabaseAsync(cancellationToken);
}
