using Tally.Storage.Postgres;

namespace Tally.Cli.Tests;

/// <summary>
/// A throw-away database on the test PostgreSQL server named by TALLY_TEST_POSTGRES (scripts/test.sh starts
/// one on 127.0.0.1). Without it the test fails, never skips: PostgreSQL support must be proven.
/// </summary>
public static class TestPostgres
{
    public const string Variable = "TALLY_TEST_POSTGRES";

    public static Task<PostgresScratchDatabase> CreateDatabaseAsync()
    {
        var server = Environment.GetEnvironmentVariable(Variable);
        Assert.False(string.IsNullOrEmpty(server), $"{Variable} is not set: run the tests with scripts/test.sh, which starts PostgreSQL on 127.0.0.1");
        return PostgresScratchDatabase.CreateAsync(server!, "tally_cli", CancellationToken.None);
    }
}
