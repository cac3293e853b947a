using System.Security.Cryptography;
using System.Text;

namespace Tally.Exchanges.Binance;

/// <summary>
/// Signs Binance requests made with an HMAC API key: the signature is the lowercase hex of
/// HMAC-SHA256(secret, payload), where the payload is the exact query string that is sent, immediately
/// followed (no separator) by the form body when there is one. The same rule holds for USD-M futures
/// (<c>/fapi</c>) and spot (<c>/api/v3</c>); for the WebSocket API the payload is the params sorted by name.
/// </summary>
/// <remarks>
/// The bytes signed must be the bytes sent: percent-encode values (non-ASCII symbols) before signing, and
/// never re-order or re-encode after. Thread safe: the key is copied once and only read.
/// This is a class, not a record, so the secret can never appear in a generated <c>ToString</c>.
/// </remarks>
public sealed class BinanceSigner
{
    private readonly byte[] _key;

    /// <param name="secretKey">The API secret as Binance shows it (ASCII).</param>
    public BinanceSigner(string secretKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(secretKey);
        _key = Encoding.UTF8.GetBytes(secretKey);
    }

    /// <summary>The 64-character lowercase hex signature of <paramref name="queryString"/> + <paramref name="body"/>.</summary>
    /// <param name="queryString">The query string as sent, without the leading <c>?</c> and without <c>signature</c>.</param>
    /// <param name="body">The <c>application/x-www-form-urlencoded</c> body as sent, if any.</param>
    public string Sign(string queryString, string? body = null)
    {
        ArgumentNullException.ThrowIfNull(queryString);
        var payload = Encoding.UTF8.GetBytes(string.Concat(queryString, body));
        return Convert.ToHexStringLower(HMACSHA256.HashData(_key, payload));
    }

    /// <summary>
    /// <paramref name="queryString"/> with <c>signature=…</c> appended as the last parameter, which is where
    /// Binance expects it. Use only when there is no form body (GET, DELETE, or POST with everything in the query).
    /// </summary>
    public string AppendSignature(string queryString)
    {
        var signature = Sign(queryString);
        return queryString.Length == 0 ? $"signature={signature}" : $"{queryString}&signature={signature}";
    }
}
