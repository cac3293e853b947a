using System.Security.Cryptography;
using System.Text;

namespace Tally.Notifications;

/// <summary>
/// The webhook's signature: <c>X-Tally-Signature: sha256=&lt;hex&gt;</c>, the lowercase hex HMAC-SHA256 of the raw
/// request body (UTF-8 bytes, exactly as sent) keyed with the configured secret. A receiver recomputes it over the bytes
/// it received and compares in constant time.
/// </summary>
public static class WebhookSignature
{
    public const string Header = "X-Tally-Signature";

    /// <summary>The header's value for <paramref name="body"/>.</summary>
    public static string Sign(string secret, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return "sha256=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
    }

    /// <summary>True when <paramref name="header"/> is the signature of <paramref name="body"/> (constant-time compare).</summary>
    public static bool Verify(string secret, ReadOnlySpan<byte> body, string? header)
    {
        if (header is null)
        {
            return false;
        }

        var expected = Encoding.ASCII.GetBytes(Sign(secret, body));
        var given = Encoding.ASCII.GetBytes(header);
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }
}
