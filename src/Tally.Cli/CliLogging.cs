using Microsoft.Extensions.Logging;

namespace Tally.Cli;

/// <summary>
/// How every long-running command logs: one line per message on stderr, UTC timestamps, warnings and up
/// unless verbose. Stdout stays for results and state lines.
/// </summary>
public static class CliLogging
{
    public static ILoggingBuilder Configure(ILoggingBuilder builder, bool verbose)
    {
        ArgumentNullException.ThrowIfNull(builder);
        return builder
            .ClearProviders()
            .SetMinimumLevel(verbose ? LogLevel.Information : LogLevel.Warning)
            // The HTTP client factory logs every request at Information: far too much even for --verbose.
            .AddFilter("System.Net.Http.HttpClient", LogLevel.Warning)
            .AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning)
            .AddSimpleConsole(options =>
            {
                options.SingleLine = true;
                options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
                options.UseUtcTimestamp = true;
            })
            .AddConsole(options => options.LogToStandardErrorThreshold = LogLevel.Trace);
    }

    /// <summary>A factory for a command that runs without a host (<c>tally sync</c>).</summary>
    public static ILoggerFactory Create(bool verbose) => LoggerFactory.Create(builder => Configure(builder, verbose));
}
