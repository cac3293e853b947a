using System.CommandLine;
using Tally.Import;
using Tally.Storage;

namespace Tally.Cli.Commands;

/// <summary>
/// Which store a command uses: the <c>--db</c> value, else <c>TALLY_DB</c>, else <c>sqlite:tally.db</c> in the working
/// directory; opened by <see cref="FillStores"/>, with refusals worded for the command line.
/// </summary>
public static class StoreLocator
{
    public const string EnvironmentVariable = "TALLY_DB";
    public const string Default = "sqlite:tally.db";

    public static string Resolve(string? option) =>
        !string.IsNullOrWhiteSpace(option) ? option
        : Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } env ? env
        : Default;

    /// <exception cref="ArgumentException">The value names no store Tally knows; the message names <c>--db</c>.</exception>
    public static Task<IFillStore> OpenAsync(string spec, CancellationToken cancellationToken) =>
        FillStores.Problem(spec) is { } problem
            ? throw new ArgumentException($"--db: {problem}")
            : FillStores.OpenAsync(spec, cancellationToken);
}

/// <summary>
/// The <c>--db</c> option and opening the fill log it names, with one-line refusals for bad values. Every line
/// written here passes through <see cref="SecretText.Mask"/>: a password in the store string is never shown.
/// </summary>
public static class StoreAccess
{
    public static Option<string?> DbOption() => new("--db")
    {
        Description = $"Store: sqlite:PATH or postgres://user:pass@host:port/db (default: ${StoreLocator.EnvironmentVariable} or {StoreLocator.Default}).",
        Recursive = true,
        HelpName = "STORE",
    };

    /// <summary>Opens (and migrates) the store; on failure the log is null, a line is written and the exit code says why.</summary>
    public static async Task<(FillLog? Log, int Exit)> OpenAsync(CliConsole console, string? db, TimeProvider time, CancellationToken cancellationToken)
    {
        var spec = StoreLocator.Resolve(db);
        IFillStore store;
        try
        {
            store = await StoreLocator.OpenAsync(spec, cancellationToken);
        }
        catch (ArgumentException e)
        {
            return (null, console.Refuse(SecretText.Mask(e.Message)));
        }
        catch (Exception e) when (e is System.Data.Common.DbException or IOException or UnauthorizedAccessException or System.Net.Sockets.SocketException or TimeoutException)
        {
            // A SQLite path in a missing folder, a file that is not SQLite, a read-only file.
            console.Error.WriteLine(SecretText.Mask($"{Describe(spec)}: cannot open the store: {e.Message}"));
            return (null, ExitCodes.Failure);
        }

        try
        {
            return (await FillLog.OpenAsync(store, time, cancellationToken), ExitCodes.Ok);
        }
        catch (SchemaException e)
        {
            await store.DisposeAsync();
            return (null, console.Refuse(SecretText.Mask($"{store.Description}: {e.Message}")));
        }
        catch (Exception e) when (e is System.Data.Common.DbException or System.Net.Sockets.SocketException or TimeoutException)
        {
            await store.DisposeAsync();
            console.Error.WriteLine(SecretText.Mask($"{store.Description}: cannot open the store: {e.Message}"));
            return (null, ExitCodes.Failure);
        }
    }

    /// <summary>How a store string is named in a line before the store is open: sqlite:PATH for a bare .db path.</summary>
    private static string Describe(string spec) =>
        spec.Contains(':', StringComparison.Ordinal) || spec.Contains('=', StringComparison.Ordinal) ? spec : $"sqlite:{spec}";

    /// <summary>Parses an optional time option (ISO-8601 or Unix ms); false with a refusal written when bad.</summary>
    public static bool TryTime(CliConsole console, string option, string? text, out DateTimeOffset? time)
    {
        time = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        if (FieldParser.Timestamp(text.Trim(), out var parsed) is { } problem)
        {
            console.Refuse($"{option}: \"{text}\" {problem}");
            return false;
        }

        time = parsed;
        return true;
    }
}
