namespace Tally.Storage.Tests;

/// <summary>The store contract on the embedded SQLite store: a fresh file in a temporary directory per database.</summary>
public sealed class SqliteFillStoreTests : FillStoreContract
{
    protected override Task<TestDatabase> CreateDatabaseCoreAsync(CancellationToken cancellationToken) =>
        Task.FromResult<TestDatabase>(new SqliteTestDatabase());

    /// <summary>Two processes opening one new file at once: SQLite's write lock makes the second migrator wait, then find version 1.</summary>
    [Fact]
    public async Task Two_stores_migrating_one_fresh_file_at_once_both_succeed()
    {
        var database = await CreateDatabaseAsync();
        var first = await OpenStoreAsync(database);
        var second = await OpenStoreAsync(database);

        var versions = await Task.WhenAll(first.MigrateAsync(Ct), second.MigrateAsync(Ct));

        Assert.Equal([LatestVersion, LatestVersion], versions);
        Assert.Equal(LatestVersion, await database.ScalarAsync("SELECT COUNT(*) FROM schema_version", Ct));
    }
}
