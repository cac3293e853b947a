using System.Globalization;
using System.Text.Json;
using Tally.Core;

namespace Tally.Exchanges.Binance;

/// <summary>
/// One JSON object of a Binance payload, read field by field without trusting JSON types: Binance sends
/// ids and times as numbers in one message and as strings in the next (listenKeyExpired <c>E</c>), and
/// decimals as strings except where it does not (Portfolio-Margin <c>bep</c>). Every value is taken from
/// the exact token text, so decimals never pass through <c>double</c> and 19-digit ids keep every digit.
/// </summary>
/// <remarks>
/// Required readers throw <see cref="FormatException"/> naming the field by its path (<c>o.l</c>,
/// <c>a.B[0].wb</c>); optional readers return the default when the field is absent or JSON null, but still
/// throw when it is present and malformed, because a wrong value is worse than none.
/// </remarks>
internal readonly struct BinanceJsonObject
{
    private const NumberStyles DecimalStyle = NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent;

    private readonly JsonElement _element;
    private readonly string _path;
    private readonly string _what;

    private BinanceJsonObject(JsonElement element, string path, string what)
    {
        _element = element;
        _path = path;
        _what = what;
    }

    /// <summary>Wraps <paramref name="element"/>, which must be a JSON object.</summary>
    /// <param name="path">How the object is named in errors: empty for the root, otherwise e.g. <c>o</c>.</param>
    /// <param name="what">The message this is, for errors: <c>ORDER_TRADE_UPDATE</c>, <c>userTrades row</c>.</param>
    public static BinanceJsonObject Of(JsonElement element, string path, string what)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException(path.Length == 0
                ? $"Binance {what}: expected a JSON object, got {element.ValueKind}"
                : $"Binance {what}: field '{path}' must be an object, got {element.ValueKind}");
        }

        return new BinanceJsonObject(element, path, what);
    }

    /// <summary>Parses <paramref name="json"/>, wrapping a syntax error as a <see cref="FormatException"/>.</summary>
    public static JsonDocument ParseDocument(string json, string what)
    {
        ArgumentNullException.ThrowIfNull(json);
        try
        {
            return JsonDocument.Parse(json);
        }
        catch (JsonException error)
        {
            throw new FormatException($"Binance {what}: not valid JSON ({error.Message})", error);
        }
    }

    public string String(string name) =>
        OptionalString(name) ?? throw Missing(name);

    /// <summary>A string field's content, or a number/literal's token text; null when absent or JSON null.</summary>
    public string? OptionalString(string name)
    {
        if (!TryGet(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
            _ => throw Bad(name, "must be a string", value),
        };
    }

    public decimal Decimal(string name) => OptionalDecimal(name) ?? throw Missing(name);

    /// <summary>A decimal sent as a JSON string (<c>"0.00555670"</c>) or number (<c>51078.7137</c>).</summary>
    public decimal? OptionalDecimal(string name)
    {
        if (!TryScalarText(name, out var text, out var value))
        {
            return null;
        }

        return decimal.TryParse(text, DecimalStyle, CultureInfo.InvariantCulture, out var result)
            ? result
            : throw Bad(name, "must be a decimal", value);
    }

    public long Int64(string name) => OptionalInt64(name) ?? throw Missing(name);

    /// <summary>An id or Unix-millisecond time sent as a JSON number or a string of digits; no fraction.</summary>
    public long? OptionalInt64(string name)
    {
        if (!TryScalarText(name, out var text, out var value))
        {
            return null;
        }

        return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var result)
            ? result
            : throw Bad(name, "must be a whole number (int64)", value);
    }

    public int Int32(string name) => OptionalInt32(name) ?? throw Missing(name);

    /// <summary>A small count (leverage, status, error code) sent as a JSON number or a string of digits.</summary>
    public int? OptionalInt32(string name)
    {
        if (!TryScalarText(name, out var text, out var value))
        {
            return null;
        }

        return int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var result)
            ? result
            : throw Bad(name, "must be a whole number (int32)", value);
    }

    public bool Boolean(string name) => OptionalBoolean(name) ?? throw Missing(name);

    /// <summary>A flag sent as <c>true</c>/<c>false</c> or as the strings "true"/"false" (<c>isAutoAddMargin</c>).</summary>
    public bool? OptionalBoolean(string name)
    {
        if (!TryGet(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.String when bool.TryParse(value.GetString(), out var parsed) => parsed,
            _ => throw Bad(name, "must be true or false", value),
        };
    }

    public Side Side(string name)
    {
        var text = String(name);
        return text switch
        {
            "BUY" => Tally.Core.Side.Buy,
            "SELL" => Tally.Core.Side.Sell,
            _ => throw Bad(name, "must be BUY or SELL", text),
        };
    }

    public PositionSide PositionSide(string name) => OptionalPositionSide(name) ?? throw Missing(name);

    public PositionSide? OptionalPositionSide(string name)
    {
        var text = OptionalString(name);
        return text switch
        {
            null => null,
            "BOTH" => Tally.Core.PositionSide.Both,
            "LONG" => Tally.Core.PositionSide.Long,
            "SHORT" => Tally.Core.PositionSide.Short,
            _ => throw Bad(name, "must be BOTH, LONG or SHORT", text),
        };
    }

    public BinanceJsonObject Object(string name) =>
        OptionalObject(name) ?? throw Missing(name);

    public BinanceJsonObject? OptionalObject(string name) =>
        TryGet(name, out var value) ? Of(value, PathOf(name), _what) : null;

    /// <summary>The objects of an array field; an absent or null array is empty.</summary>
    public IReadOnlyList<BinanceJsonObject> Objects(string name)
    {
        if (!TryGet(name, out var value))
        {
            return [];
        }

        if (value.ValueKind != JsonValueKind.Array)
        {
            throw Bad(name, "must be an array", value);
        }

        var items = new List<BinanceJsonObject>(value.GetArrayLength());
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            items.Add(Of(item, $"{PathOf(name)}[{index}]", _what));
            index++;
        }

        return items;
    }

    /// <summary>The items of a JSON array at the root of a payload.</summary>
    public static IReadOnlyList<BinanceJsonObject> RootArray(JsonElement root, string what)
    {
        if (root.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException($"Binance {what}: expected a JSON array, got {root.ValueKind}");
        }

        var items = new List<BinanceJsonObject>(root.GetArrayLength());
        var index = 0;
        foreach (var item in root.EnumerateArray())
        {
            items.Add(Of(item, $"[{index}]", what));
            index++;
        }

        return items;
    }

    /// <summary>The raw JSON of any field (object, array or scalar); null when absent or JSON null.</summary>
    public string? OptionalRawText(string name) => TryGet(name, out var value) ? value.GetRawText() : null;

    private bool TryGet(string name, out JsonElement value) =>
        _element.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;

    private bool TryScalarText(string name, out string text, out JsonElement value)
    {
        if (!TryGet(name, out value))
        {
            text = string.Empty;
            return false;
        }

        text = value.ValueKind switch
        {
            JsonValueKind.String => value.GetString() ?? string.Empty,
            JsonValueKind.Number => value.GetRawText(),
            _ => throw Bad(name, "must be a number or a numeric string", value),
        };
        return true;
    }

    private string PathOf(string name) => _path.Length == 0 ? name : $"{_path}.{name}";

    /// <summary>
    /// Reads <paramref name="record"/> with <paramref name="read"/>; the first field it refuses comes back as a
    /// problem instead of an exception, so a file reader can report it and go on with the next record.
    /// </summary>
    public static BinanceFieldProblem? TryRead<T>(JsonElement record, string what, Func<BinanceJsonObject, T> read, out T? value)
        where T : class
    {
        value = null;
        if (record.ValueKind != JsonValueKind.Object)
        {
            return new BinanceFieldProblem(string.Empty, record.GetRawText(), BinanceFieldProblemKind.NotAnObject, $"Binance {what}: expected a JSON object, got {record.ValueKind}");
        }

        try
        {
            value = read(new BinanceJsonObject(record, string.Empty, what));
            return null;
        }
        catch (BinanceFieldException e) when (e.Problem is { } problem)
        {
            return problem;
        }
    }

    private BinanceFieldException Missing(string name) =>
        new(new BinanceFieldProblem(PathOf(name), string.Empty, BinanceFieldProblemKind.Missing, $"Binance {_what}: field '{PathOf(name)}' is missing"));

    private BinanceFieldException Bad(string name, string rule, JsonElement value) =>
        Bad(name, rule, value.GetRawText(), value.ValueKind == JsonValueKind.String ? value.GetString() ?? string.Empty : value.GetRawText());

    private BinanceFieldException Bad(string name, string rule, string shown) => Bad(name, rule, shown, shown);

    private BinanceFieldException Bad(string name, string rule, string shown, string value) =>
        new(new BinanceFieldProblem(PathOf(name), value, BinanceFieldProblemKind.Malformed, $"Binance {_what}: field '{PathOf(name)}' {rule}, got {Shorten(shown)}"));

    private static string Shorten(string text) => text.Length <= 60 ? text : string.Concat(text.AsSpan(0, 60), "…");
}
