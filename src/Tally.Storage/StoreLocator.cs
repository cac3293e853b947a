using Tally.Storage.Postgres;
using Tally.Storage.Sqlite;

namespace Tally.Storage;

/// <summary>
/// Opens the store a <c>--db</c> / <c>TALLY_DB</c> value names: <c>sqlite:PATH</c> (or a bare path ending in
/// .db) or <c>postgres://user:pass@host:port/db</c>. The default is <c>sqlite:tally.db</c> in the working directory.
/// </summary>
public static class StoreLocator
{
    public const string EnvironmentVariable = "TALLY_DB";
    public const string Default = "sqlite:tally.db";

    public static string Resolve(string? option) =>
        !string.IsNullOrWhiteSpace(option) ? option
        : Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } env ? env
        : Default;

    /// <exception cref="ArgumentException">The value names no store Tally knows.</exception>
    public static async Task<IFillStore> OpenAsync(string spec, CancellationToken cancellationToken)
    {
        if (spec.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase))
        {
            var path = spec["sqlite:".Length..];
            if (path.Length == 0)
            {
                throw new ArgumentException("--db: \"sqlite:\" needs a file path, e.g. sqlite:tally.db");
            }

            return await SqliteFillStore.OpenAsync(path, cancellationToken);
        }

        if (spec.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || spec.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            return PostgresFillStore.Open(spec);
        }

        if (spec.EndsWith(".db", StringComparison.OrdinalIgnoreCase) || spec.EndsWith(".sqlite", StringComparison.OrdinalIgnoreCase))
        {
            return await SqliteFillStore.OpenAsync(spec, cancellationToken);
        }

        throw new ArgumentException($"--db: \"{PostgresUrl.Redact(spec)}\" is not sqlite:PATH or postgres://user:pass@host:port/db");
    }
}
