using System.Globalization;
using System.Text.Json;
using Tally.Core;

namespace Tally.Import;

/// <summary>
/// One trade object of a Binance JSON file and the typed reads its fields need. Each read returns null on
/// success and otherwise the <see cref="RowError"/> to report: its line is the record number, its column
/// the JSON field name, its value the text that was sent.
/// </summary>
internal readonly struct BinanceJsonRecord
{
    private readonly JsonElement _element;

    public BinanceJsonRecord(int number, JsonElement element)
    {
        Number = number;
        _element = element;
    }

    /// <summary>1-based position of the record in the file, counted across pages.</summary>
    public int Number { get; }

    /// <summary>The record byte for byte as it appears in the file.</summary>
    public string Raw => _element.GetRawText();

    public bool IsObject => _element.ValueKind == JsonValueKind.Object;

    public RowError NotAnObject() => new(Number, "record", JsonValues.Shorten(Raw), "is not a JSON object");

    /// <summary>The field's text, or empty when it is absent or null.</summary>
    public string Text(string field) => JsonValues.TryGetText(_element, field, out var text) ? text : string.Empty;

    public RowError? RequiredText(string field, out string value)
    {
        value = Text(field).Trim();
        return value.Length > 0 ? null : Missing(field, value);
    }

    public RowError? RequiredSide(string field, out Side side)
    {
        side = default;
        return RequiredText(field, out var text) ?? (WireNames.TryParseSide(text, out side) ? null : Bad(field, text, "is not BUY or SELL"));
    }

    /// <summary>BOTH when absent (one-way mode, and spot).</summary>
    public RowError? OptionalPositionSide(string field, out PositionSide side)
    {
        side = PositionSide.Both;
        var text = Text(field).Trim();
        return text.Length == 0 || WireNames.TryParsePositionSide(text, out side) ? null : Bad(field, text, "is not BOTH, LONG or SHORT");
    }

    /// <summary>An id as Tally stores it: the decimal digits of the int64, whatever JSON type carried it.</summary>
    public RowError? RequiredId(string field, out string id)
    {
        id = string.Empty;
        if (RequiredText(field, out var text) is { } missing)
        {
            return missing;
        }

        if (!JsonValues.TryParseInt64(text, out var value) || value < 0)
        {
            return Bad(field, text, "is not a whole number id");
        }

        // Canonical form, so "007" as a string and 7 as a number are the same trade.
        id = value.ToString(CultureInfo.InvariantCulture);
        return null;
    }

    public RowError? OptionalId(string field, out string? id)
    {
        id = null;
        if (Text(field).Trim().Length == 0)
        {
            return null;
        }

        var problem = RequiredId(field, out var value);
        id = value;
        return problem;
    }

    public RowError? RequiredPositiveDecimal(string field, out decimal value)
    {
        value = 0m;
        return RequiredText(field, out var text) ?? (FieldParser.PositiveDecimal(text, out value) is { } problem ? Bad(field, text, problem) : null);
    }

    /// <summary>Zero when absent (a fill without a fee); the sign is kept, so a rebate stays negative.</summary>
    public RowError? OptionalDecimal(string field, out decimal value)
    {
        value = 0m;
        var text = Text(field).Trim();
        return text.Length == 0 || FieldParser.Decimal(text, out value) is not { } problem ? null : Bad(field, text, problem);
    }

    public RowError? OptionalUnixMilliseconds(string field, out DateTimeOffset? value)
    {
        value = null;
        var text = Text(field).Trim();
        if (text.Length == 0)
        {
            return null;
        }

        if (!JsonValues.TryParseInt64(text, out var ms) || ms < 0 || ms > DateTimeOffset.MaxValue.ToUnixTimeMilliseconds())
        {
            return Bad(field, text, "is not a time in Unix milliseconds");
        }

        value = DateTimeOffset.FromUnixTimeMilliseconds(ms);
        return null;
    }

    public RowError? RequiredBool(string field, out bool value)
    {
        value = false;
        return RequiredText(field, out var text) ?? (JsonValues.TryParseBool(text, out value) ? null : Bad(field, text, "is not true or false"));
    }

    /// <summary>The first problem among reads that were all made, in argument order.</summary>
    public static RowError? First(params ReadOnlySpan<RowError?> problems)
    {
        foreach (var problem in problems)
        {
            if (problem is not null)
            {
                return problem;
            }
        }

        return null;
    }

    public RowError Bad(string field, string value, string problem) => new(Number, field, value, problem);

    private RowError Missing(string field, string value) => Bad(field, value, "is missing or empty");
}
