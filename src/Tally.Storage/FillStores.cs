using Tally.Storage.Postgres;
using Tally.Storage.Sqlite;

namespace Tally.Storage;

/// <summary>
/// Opens the store a store string names: <c>sqlite:PATH</c> (or a bare path ending in .db or .sqlite) or
/// <c>postgres://user:pass@host:port/db</c>. Where the string comes from (an option, an environment variable, a
/// default) is the caller's business.
/// </summary>
public static class FillStores
{
    /// <summary>Why <paramref name="spec"/> names no store Tally knows; null when it names one. Never holds a password.</summary>
    public static string? Problem(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return Kind(spec) switch
        {
            StoreKind.Sqlite when SqlitePath(spec).Length == 0 => "\"sqlite:\" needs a file path, e.g. sqlite:tally.db",
            StoreKind.Unknown => $"\"{PostgresUrl.Redact(spec)}\" is not sqlite:PATH or postgres://user:pass@host:port/db",
            StoreKind.Sqlite or StoreKind.Postgres => null,
        };
    }

    /// <exception cref="ArgumentException">The string names no store Tally knows (<see cref="Problem"/>), or a malformed PostgreSQL URL.</exception>
    public static async Task<IFillStore> OpenAsync(string spec, CancellationToken cancellationToken)
    {
        if (Problem(spec) is { } problem)
        {
            throw new ArgumentException(problem);
        }

        return Kind(spec) switch
        {
            StoreKind.Postgres => PostgresFillStore.Open(spec),
            StoreKind.Sqlite or StoreKind.Unknown => await SqliteFillStore.OpenAsync(SqlitePath(spec), cancellationToken),
        };
    }

    private static StoreKind Kind(string spec) =>
        spec.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase) ? StoreKind.Sqlite
        : spec.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || spec.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase) ? StoreKind.Postgres
        : spec.EndsWith(".db", StringComparison.OrdinalIgnoreCase) || spec.EndsWith(".sqlite", StringComparison.OrdinalIgnoreCase) ? StoreKind.Sqlite
        : StoreKind.Unknown;

    private static string SqlitePath(string spec) =>
        spec.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase) ? spec["sqlite:".Length..] : spec;

    private enum StoreKind
    {
        Unknown,
        Sqlite,
        Postgres,
    }
}
