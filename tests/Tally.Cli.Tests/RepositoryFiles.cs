namespace Tally.Cli.Tests;

/// <summary>Files checked in beside the code, found by walking up from the test binaries to <c>Tally.slnx</c>.</summary>
internal static class RepositoryFiles
{
    public static string ExampleFills => Path.Combine(Root, "examples", "fills.csv");

    /// <summary>A file under <c>examples/</c>, e.g. <c>Example("risk", "risk.json")</c>.</summary>
    public static string Example(params string[] parts) => Path.Combine([Root, "examples", .. parts]);

    /// <summary>A path under the repository root, e.g. <c>Under("deploy", "grafana")</c>.</summary>
    public static string Under(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>The corpus of bad input files (tests/Tally.Cli.Tests/BadInputs).</summary>
    public static string BadInput(string name) => Path.Combine(Root, "tests", "Tally.Cli.Tests", "BadInputs", name);

    private static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Tally.slnx")))
                {
                    return dir.FullName;
                }
            }

            throw new InvalidOperationException($"no Tally.slnx above {AppContext.BaseDirectory}");
        }
    }
}
