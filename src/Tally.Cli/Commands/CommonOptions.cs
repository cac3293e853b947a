using System.CommandLine;

namespace Tally.Cli.Commands;

/// <summary>Options several commands share, declared once so their names and help never drift apart.</summary>
public static class CommonOptions
{
    public static Option<bool> Json() => new("--json")
    {
        Description = "Print one JSON object instead of tables (decimals as exact strings).",
    };

    public static Option<bool> Quiet() => new("--quiet", "-q")
    {
        Description = "Print no progress.",
    };
}
