using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Tally.PaperExchange.Http;

/// <summary>
/// Binance HMAC signing: lowercase hex of HMAC-SHA256(secret, payload), where the payload is the query string
/// exactly as sent followed directly by the form body, both without the signature parameter.
/// </summary>
public static class RequestSigner
{
    public static string Sign(string secret, string payload)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentNullException.ThrowIfNull(payload);
        return Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(payload)));
    }

    /// <summary>True when <paramref name="signature"/> (hex, any case) signs <paramref name="payload"/>; compares in fixed time.</summary>
    public static bool Verify(string secret, string payload, string signature)
    {
        ArgumentNullException.ThrowIfNull(signature);
        Span<byte> given = stackalloc byte[32];
        if (signature.Length != 64
            || Convert.FromHexString(signature, given, out _, out var written) != OperationStatus.Done
            || written != 32)
        {
            return false;
        }

        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(payload));
        return CryptographicOperations.FixedTimeEquals(expected, given);
    }

    /// <summary>
    /// Removes every <c>signature=…</c> pair from a raw (still percent-encoded) query string or form body and
    /// keeps the remaining bytes as sent: "a=1&amp;signature=ff" → "a=1".
    /// </summary>
    public static string WithoutSignature(string raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        if (!raw.Contains("signature=", StringComparison.Ordinal))
        {
            return raw;
        }

        var kept = raw.Split('&').Where(pair => !pair.StartsWith("signature=", StringComparison.Ordinal));
        return string.Join('&', kept);
    }
}
