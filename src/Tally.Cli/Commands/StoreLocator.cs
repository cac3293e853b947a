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
