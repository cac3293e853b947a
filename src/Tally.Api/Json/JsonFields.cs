using System.Globalization;
using System.Text.Json;
using Tally.Core;

namespace Tally.Api.Json;

/// <summary>
/// The JSON spelling of Tally's values, shared by every <c>--json</c> output: decimals as exact strings,
/// times as ISO-8601 UTC with milliseconds, absent values as null.
/// </summary>
public static class JsonFields
{
    public static void Decimal(this Utf8JsonWriter json, string name, decimal value) =>
        json.WriteString(name, DecimalText.Format(value));

    public static void Decimal(this Utf8JsonWriter json, string name, decimal? value)
    {
        if (value is { } v)
        {
            json.WriteString(name, DecimalText.Format(v));
        }
        else
        {
            json.WriteNull(name);
        }
    }

    public static void Time(this Utf8JsonWriter json, string name, DateTimeOffset? value)
    {
        if (value is { } v)
        {
            json.WriteString(name, FormatTime(v));
        }
        else
        {
            json.WriteNull(name);
        }
    }

    public static void StringOrNull(this Utf8JsonWriter json, string name, string? value)
    {
        if (value is null)
        {
            json.WriteNull(name);
        }
        else
        {
            json.WriteString(name, value);
        }
    }

    public static void Amounts(this Utf8JsonWriter json, string name, IReadOnlyList<AssetAmount> amounts)
    {
        json.WriteStartObject(name);
        foreach (var amount in amounts)
        {
            json.Decimal(amount.Asset, amount.Amount);
        }

        json.WriteEndObject();
    }

    public static string FormatTime(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}
