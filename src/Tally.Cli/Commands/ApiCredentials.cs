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
            return FromFile(file, "--credentials", out problem);
        }

        var found = FromEnvironment(KeyVariable, SecretVariable, out problem);
        if (found is null)
        {
            problem = $"no API credentials: set {KeyVariable} and {SecretVariable}, or pass --credentials FILE";
        }

        return found;
    }

    /// <summary>The key pair in <paramref name="file"/>; <paramref name="field"/> names where the path came from in a refusal.</summary>
    public static ApiCredentials? FromFile(FileInfo file, string field, out string problem)
    {
        ArgumentNullException.ThrowIfNull(file);
        if (!file.Exists)
        {
            problem = $"{field}: {file.FullName}: no such file";
            return null;
        }

        if (!OperatingSystem.IsWindows()
            && (File.GetUnixFileMode(file.FullName) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0)
        {
            problem = $"{field}: {file.FullName} may be read by others; chmod 600 it first";
            return null;
        }

        var lines = File.ReadAllLines(file.FullName).Select(l => l.Trim()).Where(l => l.Length > 0).ToArray();
        if (lines.Length != 2)
        {
            problem = $"{field}: {file.FullName} must hold two lines, the API key and then the secret";
            return null;
        }

        problem = string.Empty;
        return new ApiCredentials(lines[0], lines[1]);
    }

    /// <summary>
    /// The key pair in two environment variables; the refusal names the variables, never their values. A name
    /// that does not look like a variable name (someone wrote the key itself into <paramref name="keyField"/>) is
    /// not shown either: the refusal names the field instead.
    /// </summary>
    public static ApiCredentials? FromEnvironment(string keyVariable, string secretVariable, out string problem, string keyField = "api_key_env", string secretField = "api_secret_env")
    {
        var key = Environment.GetEnvironmentVariable(keyVariable);
        var secret = Environment.GetEnvironmentVariable(secretVariable);
        if (string.IsNullOrWhiteSpace(key) || string.IsNullOrWhiteSpace(secret))
        {
            problem = $"no API credentials: set {Shown(keyVariable, keyField)} and {Shown(secretVariable, secretField)}";
            return null;
        }

        problem = string.Empty;
        return new ApiCredentials(key.Trim(), secret.Trim());
    }

    // Variable names are upper-case words (TALLY_API_KEY); an API key or secret has lower-case letters too.
    private static string Shown(string variable, string field) =>
        variable.Length <= 64 && variable.All(c => c is (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '_')
            ? variable
            : $"the variable {field} names ({field} holds something that is not a variable name, so it is not shown)";
}
