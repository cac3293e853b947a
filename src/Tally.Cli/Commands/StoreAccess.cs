using System.CommandLine;
using Tally.Core.Attribution;
using Tally.Import;
using Tally.Storage;

namespace Tally.Cli.Commands;

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

    /// <summary>
    /// Opens (and migrates) the store; on failure the log is null, a line is written and the exit code says why. With
    /// <paramref name="attribution"/> (tally run's <c>attribution</c> field), a store folded with another policy is refused.
    /// </summary>
    public static async Task<(FillLog? Log, int Exit)> OpenAsync(CliConsole console, string? db, TimeProvider time, CancellationToken cancellationToken, AttributionPolicy? attribution = null)
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
            return (attribution is { } policy ? await FillLog.OpenAsync(store, time, policy, cancellationToken) : await FillLog.OpenAsync(store, time, cancellationToken), ExitCodes.Ok);
        }
        catch (AttributionPolicyMismatchException e)
        {
            await store.DisposeAsync();
            return (null, console.Refuse(SecretText.Mask(
                $"attribution: \"{e.Asked.ToWireName()}\" differs from the policy {store.Description} was folded with (\"{e.Stored.ToWireName()}\"); keep \"{e.Stored.ToWireName()}\" or use a new store")));
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

    /// <summary>Opens the log, runs <paramref name="body"/> on it and closes it; the exit code of a failed open otherwise.</summary>
    public static async Task<int> WithLogAsync(CliConsole console, string? db, TimeProvider time, Func<FillLog, Task<int>> body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(body);
        var (log, exit) = await OpenAsync(console, db, time, cancellationToken);
        if (log is null)
        {
            return exit;
        }

        await using (log)
        {
            return await body(log);
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
