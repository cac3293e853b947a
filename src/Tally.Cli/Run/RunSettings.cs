using Microsoft.Extensions.Configuration;
using Tally.Cli.Commands;
using Tally.Engine.Dispatch;

namespace Tally.Cli.Run;

/// <summary>
/// Everything the run host is built from, read and checked by <see cref="RunCommand.Read"/>: the config file's path
/// and its configuration (with <see cref="RunOptions.EnvironmentPrefix"/> variables; a part that keeps its own section
/// in the file reads it from here), the typed config, one key pair per account (same order), the dispatcher's and the
/// risk monitor's settings.
/// </summary>
public sealed record RunSettings(
    string ConfigPath,
    IConfiguration Configuration,
    RunConfig Config,
    IReadOnlyList<ApiCredentials> Keys,
    DispatchOptions Dispatch,
    RunRiskSettings Risk);
