using System.Security.Cryptography;
using System.Text;
using Tally.Core;

namespace Tally.Import;

/// <summary>
/// Trade ids for Binance CSV exports that have no trade id column, so that importing the same file again
/// yields the same fills instead of duplicates.
/// </summary>
/// <remarks>
/// <para>
/// The id is <c>csv-</c>, the first 16 hex digits (64 bits) of the SHA-256 of the row's normalized
/// content, a dash, and how many times that same content has occurred so far in the file:
/// <c>csv-3f9a…-1</c>, and <c>csv-3f9a…-2</c> for a second identical row (two fills of one order at the
/// same second, price and size are real and must both count). Normalized content is what the row means,
/// not how it was written: UTC time (ISO-8601), symbol, side, position side, price, quantity, fee, fee
/// asset and order id, numbers without trailing zeros — so <c>0.10</c> and <c>0.1</c> hash alike.
/// </para>
/// <para>
/// Consequences: ids depend on the time zone the times were read in (keep the file name's
/// <c>(UTC+3)</c>), on the file holding every one of a set of identical rows, and never match the real
/// trade ids that the REST API or a newer export with a Trade ID column carries for the same trade.
/// One instance per file; not thread safe.
/// </para>
/// </remarks>
internal sealed class BinanceSyntheticTradeIds
{
    public const string Prefix = "csv-";

    private readonly Dictionary<string, int> _occurrences = new(StringComparer.Ordinal);

    /// <summary>The id of <paramref name="fill"/>, whose own trade id is ignored.</summary>
    public string Next(in Fill fill)
    {
        var content = string.Join(
            '|',
            fill.Timestamp?.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty,
            fill.Symbol,
            fill.Side.ToWireName(),
            fill.PositionSide.ToWireName(),
            DecimalText.Format(fill.Price),
            DecimalText.Format(fill.Quantity),
            DecimalText.Format(fill.Fee),
            fill.FeeAsset ?? string.Empty,
            fill.OrderId ?? string.Empty);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(content)))[..16];

        var occurrence = _occurrences.TryGetValue(hash, out var seen) ? checked(seen + 1) : 1;
        _occurrences[hash] = occurrence;
        return $"{Prefix}{hash}-{occurrence}";
    }
}
