namespace Tally.Cli.Commands;

/// <summary>
/// An exchange key pair, read from the environment or from a file only its owner can read. Never printed,
/// never logged, never stored in the database; <see cref="ToString"/> hides both parts.
/// </summary>
public sealed class ApiCredentials
{
    public const string KeyVariable = "TALLY_BINANCE_API_KEY";
    public const string SecretVariable = "TALLY_BINANCE_API_SECRET";

    private ApiCredentials(string key, string secret)
    {
        Key = key;
        Secret = secret;
    }

    public string Key { get; }

    public string Secret { get; }

    public override string ToString() => "ApiCredentials(***)";

    /// <summary>
    /// From <paramref name="file"/> (first line the key, second the secret; refused when group or others may
    /// read it) or else from the environment. Null with <paramref name="problem"/> set when neither works.
    /// </summary>
    public static ApiCredentials? Load(FileInfo? file, out string problem)
    {
        if (file is not null)
        {
            if (!file.Exists)
            {
                problem = $"--credentials: {file.FullName}: no such file";
                return null;
            }

            if (!OperatingSystem.IsWindows()
                && (File.GetUnixFileMode(file.FullName) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0)
            {
                problem = $"--credentials: {file.FullName} may be read by others; chmod 600 it first";
                return null;
            }

            var lines = File.ReadAllLines(file.FullName).Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
            if (lines.Length != 2)
            {
                problem = $"--credentials: {file.FullName} must hold two lines, the API key and then the secret";
                return null;
            }

            problem = string.Empty;
            return new ApiCredentials(lines[0], lines[1]);
        }

        var key = Environment.GetEnvironmentVariable(KeyVariable);
        var secret = Environment.GetEnvironmentVariable(SecretVariable);
        if (string.IsNullOrWhiteSpace(key) || string.IsNullOrWhiteSpace(secret))
        {
            problem = $"no API credentials: set {KeyVariable} and {SecretVariable}, or pass --credentials FILE";
            return null;
        }

        problem = string.Empty;
        return new ApiCredentials(key.Trim(), secret.Trim());
    }
}
