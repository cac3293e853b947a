namespace Tally.TestSupport;

/// <summary>
/// The <c>shared</c> folder beside the repository root (the folder holding Tally.slnx): reference material that is
/// not part of this repository, such as the recorded Binance payloads (<see cref="BinanceFixtures"/>) and LEAN
/// price bars (<see cref="LeanData"/>). A clone of the repository alone has no such folder; the tests that read it
/// are marked <see cref="FixtureFactAttribute"/> or <see cref="FixtureTheoryAttribute"/> and skip with one line
/// naming the missing folder, unless the environment variable <c>CI</c> is <c>true</c>: under CI they always run,
/// and fail if the folder is missing.
/// </summary>
internal static class SharedFolder
{
    /// <summary>Recorded Binance payloads (<c>raw_text</c> byte for byte as Binance sent it) and signing vectors.</summary>
    public const string BinanceFixtures = "reference/binance-fixtures";

    /// <summary>LEAN price bars (zip files of CSV), e.g. <c>crypto/binance/hour/btcusdt_trade.zip</c>.</summary>
    public const string LeanData = "data/lean";

    /// <summary>The absolute path of <c>../shared</c> seen from the repository root.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The absolute path of a file or folder under <c>../shared</c>, e.g. <c>PathOf(BinanceFixtures, "signing_vectors.json")</c>.</summary>
    public static string PathOf(string folder, params string[] more) =>
        Path.Combine([Root, .. folder.Split('/'), .. more]);

    /// <summary>Why a test that reads <paramref name="folder"/> skips, or null when it runs: the folder exists, or CI is <c>true</c>.</summary>
    public static string? SkipReason(string folder)
    {
        var path = PathOf(folder);
        if (Directory.Exists(path) || Environment.GetEnvironmentVariable("CI") == "true")
        {
            return null;
        }

        return $"needs ../shared/{folder} beside the repository ({path}), which is absent; these tests skip outside CI and run under CI=true";
    }

    private static string FindRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Tally.slnx")))
            {
                return Path.GetFullPath(Path.Combine(folder.FullName, "..", "shared"));
            }
        }

        throw new InvalidOperationException($"no Tally.slnx above {AppContext.BaseDirectory}");
    }
}

/// <summary>
/// A fact that reads a folder under <c>../shared</c> (by default <see cref="SharedFolder.BinanceFixtures"/>): skipped
/// with the reason when the folder is absent outside CI; under <c>CI=true</c> it never skips.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class FixtureFactAttribute : FactAttribute
{
    public FixtureFactAttribute(string folder = SharedFolder.BinanceFixtures)
    {
        Folder = folder;
        Skip = SharedFolder.SkipReason(folder);
    }

    public string Folder { get; }
}

/// <summary>
/// A theory that reads a folder under <c>../shared</c> (by default <see cref="SharedFolder.BinanceFixtures"/>): skipped
/// as a whole, with the reason, when the folder is absent outside CI (its data is then not enumerated); under
/// <c>CI=true</c> it never skips.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class FixtureTheoryAttribute : TheoryAttribute
{
    public FixtureTheoryAttribute(string folder = SharedFolder.BinanceFixtures)
    {
        Folder = folder;
        Skip = SharedFolder.SkipReason(folder);
    }

    public string Folder { get; }
}
