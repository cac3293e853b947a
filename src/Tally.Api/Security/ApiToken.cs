using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace Tally.Api.Security;

/// <summary>
/// The configured bearer token, compared in constant time: both sides are hashed first, so neither the content
/// nor the length of the token leaks through how long a refusal takes.
/// </summary>
public sealed class ApiToken
{
    private readonly byte[]? _hash;

    public ApiToken(string? token)
    {
        _hash = string.IsNullOrEmpty(token) ? null : SHA256.HashData(Encoding.UTF8.GetBytes(token));
    }

    public bool IsConfigured => _hash is not null;

    /// <summary>True when the request carries <c>Authorization: Bearer TOKEN</c> with the configured token.</summary>
    public bool Admits(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var header = request.Headers[HeaderNames.Authorization].ToString();
        const string scheme = "Bearer ";
        if (_hash is null || !header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return Matches(header[scheme.Length..].Trim());
    }

    /// <summary>True when <paramref name="secret"/> is the configured token, compared in constant time.</summary>
    public bool Matches(string? secret) => Matches(_hash, secret);

    /// <summary>True when <paramref name="secret"/> hashes to <paramref name="expected"/>, compared in constant time.</summary>
    public static bool Matches(byte[]? expected, string? secret) =>
        expected is not null && secret is not null && CryptographicOperations.FixedTimeEquals(expected, SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
}
