using Tally.Storage;

namespace Tally.Storage.Tests;

public abstract partial class FillStoreContract
{
    // The table the migrator itself creates, spelled the same way, so a test can fake an older or newer database.
    private const string SchemaVersionTable = "CREATE TABLE schema_version (version BIGINT NOT NULL PRIMARY KEY, name TEXT NOT NULL, applied_ms BIGINT NOT NULL)";

    private static readonly string[] SchemaTables = ["venues", "accounts", "instruments", "trades", "positions", "cycles", "sync_checkpoints", "quarantine", "audit", "funding"];

    protected const int LatestVersion = 8;

    [Fact]
    public async Task A_fresh_database_migrates_to_the_latest_version()
    {
        var database = await CreateDatabaseAsync();
        var store = await OpenStoreAsync(database);

        Assert.Equal(LatestVersion, await store.MigrateAsync(Ct));

        Assert.Equal(LatestVersion, await database.ScalarAsync("SELECT MAX(version) FROM schema_version", Ct));
        foreach (var table in SchemaTables)
        {
            Assert.True(await database.TableExistsAsync(table, Ct), $"table {table} was not created");
        }

        Assert.Equal(0, await store.CountFillsAsync(Ct));
    }

    [Fact]
    public async Task Migrating_twice_is_idempotent_and_keeps_the_data()
    {
        var database = await CreateDatabaseAsync();
        var log = await OpenLogAsync(database);
        await log.IngestAsync(Fills.Offer(Fills.Buy("t1", 1m, 100m, 1)), Ct);

        Assert.Equal(LatestVersion, await StoreOf(log).MigrateAsync(Ct));
        Assert.Equal(LatestVersion, await StoreOf(log).MigrateAsync(Ct));

        Assert.Equal(LatestVersion, await database.ScalarAsync("SELECT COUNT(*) FROM schema_version", Ct));
        Assert.Equal(1, await StoreOf(log).CountFillsAsync(Ct));
    }

    [Fact]
    public async Task A_schema_newer_than_this_build_is_refused_with_a_SchemaException_naming_both_versions()
    {
        var database = await CreateDatabaseAsync();
        await database.ExecuteAsync(SchemaVersionTable, Ct);
        await database.ExecuteAsync("INSERT INTO schema_version (version, name, applied_ms) VALUES (99, '0099_future', 0)", Ct);
        var store = await OpenStoreAsync(database);

        var refused = await Assert.ThrowsAsync<SchemaException>(() => store.MigrateAsync(Ct));

        Assert.Contains("99", refused.Message, StringComparison.Ordinal);
        Assert.Contains($"({LatestVersion})", refused.Message, StringComparison.Ordinal);
        Assert.Contains("upgrade tally", refused.Message, StringComparison.Ordinal);
        Assert.False(await database.TableExistsAsync("trades", Ct), "a refused migration must not create tables");
        Assert.Equal(1, await database.ScalarAsync("SELECT COUNT(*) FROM schema_version", Ct));
    }

    [Fact]
    public async Task Opening_a_fill_log_on_a_newer_schema_fails_with_the_SchemaException()
    {
        var database = await CreateDatabaseAsync();
        await database.ExecuteAsync(SchemaVersionTable, Ct);
        await database.ExecuteAsync("INSERT INTO schema_version (version, name, applied_ms) VALUES (99, '0099_future', 0)", Ct);

        await Assert.ThrowsAsync<SchemaException>(() => OpenLogAsync(database));
    }

    [Fact]
    public async Task A_database_at_schema_version_0_is_migrated_to_the_latest_and_usable()
    {
        var database = await CreateDatabaseAsync();
        await database.ExecuteAsync(SchemaVersionTable, Ct);
        await database.ExecuteAsync("INSERT INTO schema_version (version, name, applied_ms) VALUES (0, '0000_baseline', 0)", Ct);

        var log = await OpenLogAsync(database);
        var report = await log.IngestAsync(Fills.Offer(Fills.Buy("t1", 1m, 100m, 1)), Ct);

        Assert.Equal([IngestStatus.Stored], report.Statuses);
        Assert.Equal(LatestVersion, await database.ScalarAsync("SELECT MAX(version) FROM schema_version", Ct));
        Assert.Equal(LatestVersion + 1, await database.ScalarAsync("SELECT COUNT(*) FROM schema_version", Ct));
    }

    [Fact]
    public async Task A_database_with_an_empty_schema_version_table_is_migrated_to_the_latest()
    {
        var database = await CreateDatabaseAsync();
        await database.ExecuteAsync(SchemaVersionTable, Ct);
        var store = await OpenStoreAsync(database);

        Assert.Equal(LatestVersion, await store.MigrateAsync(Ct));
        Assert.True(await database.TableExistsAsync("trades", Ct));
    }
}
