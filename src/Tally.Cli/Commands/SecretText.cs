using System.Text.RegularExpressions;

namespace Tally.Cli.Commands;

/// <summary>Hides passwords in text that may quote a store string, whatever its form.</summary>
public static partial class SecretText
{
    /// <summary>
    /// <paramref name="text"/> with the password of every <c>scheme://user:password@host</c> and every
    /// <c>Password=…</c> / <c>Pwd=…</c> pair (a connection string) replaced by <c>***</c>.
    /// </summary>
    public static string Mask(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var masked = UrlPassword().Replace(text, "$1:***@");
        return KeyValuePassword().Replace(masked, "$1=***");
    }

    [GeneratedRegex(@"([a-zA-Z][a-zA-Z0-9+.\-]*://[^:/@\s""]*):[^@\s""]*@")]
    private static partial Regex UrlPassword();

    [GeneratedRegex(@"(?i)\b(password|pwd)\s*=\s*(?:""[^""]*""|'[^']*'|[^;""\s]*)")]
    private static partial Regex KeyValuePassword();
}
