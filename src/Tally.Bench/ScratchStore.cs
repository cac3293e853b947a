using Tally.Storage;
using Tally.Storage.Postgres;

namespace Tally.Bench;

/// <summary>A fresh, empty store of the kind <c>--db</c> names for one measurement (a SQLite file in its own directory beside it, or a scratch PostgreSQL database), removed afterwards.</summary>
public sealed class ScratchStore : IAsyncDisposable
{
    private readonly string _spec;
    private readonly PostgresScratchDatabase? _postgres;
    private readonly string? _directory;

    private ScratchStore(string spec, PostgresScratchDatabase? postgres, string? directory)
    {
        _spec = spec;
        _postgres = postgres;
        _directory = directory;
    }

    /// <param name="db">sqlite:PATH (the scratch file goes in a new directory beside PATH) or postgres://… (a new database on that server).</param>
    /// <param name="databasePrefix">Start of the scratch database's name on PostgreSQL.</param>
    public static async Task<ScratchStore> CreateAsync(string db, string databasePrefix, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (db.StartsWith("postgres", StringComparison.OrdinalIgnoreCase))
        {
            var database = await PostgresScratchDatabase.CreateAsync(db, databasePrefix, cancellationToken);
            return new ScratchStore(database.Url, database, null);
        }

        var path = db.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase) ? db["sqlite:".Length..] : db;
        var directory = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, $".tally-bench-{Guid.NewGuid():N}");
        Directory.CreateDirectory(directory);
        return new ScratchStore($"sqlite:{Path.Combine(directory, "bench.db")}", null, directory);
    }

    public Task<IFillStore> OpenAsync(CancellationToken cancellationToken) => FillStores.OpenAsync(_spec, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync();
        }

        if (_directory is not null)
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
