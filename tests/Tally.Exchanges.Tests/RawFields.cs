using System.Globalization;
using System.Text.Json;

namespace Tally.Exchanges.Tests;

/// <summary>Reads expectations out of a fixture's <c>raw</c> tree (never out of <c>raw_text</c>, which the parser gets).</summary>
internal static class RawFields
{
    public static string Str(this JsonElement raw, string name) => raw.GetProperty(name).GetString()!;

    public static decimal Dec(this JsonElement raw, string name)
    {
        var value = raw.GetProperty(name);
        var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
        return decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    public static long Int(this JsonElement raw, string name)
    {
        var value = raw.GetProperty(name);
        return value.ValueKind == JsonValueKind.String
            ? long.Parse(value.GetString()!, CultureInfo.InvariantCulture)
            : value.GetInt64();
    }

    public static bool Flag(this JsonElement raw, string name) => raw.GetProperty(name).GetBoolean();

    public static JsonElement At(this JsonElement raw, int index) => raw[index];
}
