using System.Globalization;
using System.Text.Json;

namespace Tally.Import;

/// <summary>
/// Reads scalar fields of venue JSON without trusting their JSON type: venues send the same field as a
/// number in one payload and as a string in the next (Binance ids, times, and some decimals). Every value
/// is taken as the exact text that was sent, so decimals never pass through <c>double</c> and 19-digit ids
/// keep every digit.
/// </summary>
internal static class JsonValues
{
    // Longest JSON excerpt quoted back in an error; records can be whole objects.
    private const int MaxShownLength = 80;

    /// <summary>
    /// The text of field <paramref name="name"/> of <paramref name="record"/>: a string's content, or the
    /// raw token of a number or literal (<c>82357626</c>, <c>true</c>). False when the field is absent or
    /// JSON null; objects and arrays come back as their raw JSON so the caller can quote them.
    /// </summary>
    public static bool TryGetText(JsonElement record, string name, out string text)
    {
        if (record.ValueKind != JsonValueKind.Object || !record.TryGetProperty(name, out var value)
            || value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            text = string.Empty;
            return false;
        }

        text = value.ValueKind == JsonValueKind.String ? value.GetString() ?? string.Empty : value.GetRawText();
        return true;
    }

    /// <summary>A whole number (id, Unix time) sent as a JSON number or a string of digits; no fraction, no exponent.</summary>
    public static bool TryParseInt64(string text, out long value) =>
        long.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);

    /// <summary>A flag sent as <c>true</c>/<c>false</c> or as the strings "true"/"false" (any case).</summary>
    public static bool TryParseBool(string text, out bool value) => bool.TryParse(text.Trim(), out value);

    /// <summary>Raw JSON shortened for a one-line error message.</summary>
    public static string Shorten(string raw)
    {
        var oneLine = string.Join(' ', raw.Split(['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return oneLine.Length <= MaxShownLength ? oneLine : string.Concat(oneLine.AsSpan(0, MaxShownLength), "…");
    }
}
