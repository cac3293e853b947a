namespace Tally.Dashboard.Tests;

/// <summary>
/// A fact that drives Debian's chromium (<see cref="Chromium.ExecutablePath"/>): skipped, with the reason, when it is
/// not installed outside CI (scripts/ensure-chromium.sh installs it); under <c>CI=true</c> it never skips, and fails
/// if chromium is missing.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class ChromiumFactAttribute : FactAttribute
{
    public ChromiumFactAttribute()
    {
        if (!File.Exists(Chromium.ExecutablePath) && Environment.GetEnvironmentVariable("CI") != "true")
        {
            Skip = $"needs chromium at {Chromium.ExecutablePath} (scripts/ensure-chromium.sh installs it with apt-get); these tests skip outside CI and run under CI=true";
        }
    }
}

/// <summary>How the tests launch Debian's chromium: headless, no sandbox (root in CI), nothing fetched from outside.</summary>
internal static class Chromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    public static readonly string[] Arguments =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run",
    ];
}
