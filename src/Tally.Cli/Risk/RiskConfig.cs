using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using Tally.Cli.Commands;
using Tally.Core.Risk;
using Tally.Import;

namespace Tally.Cli.Risk;

/// <summary>
/// <c>risk.json</c>: <see cref="RiskSettings"/> as one JSON object whose fields are the settings in snake_case
/// (<c>trailing_distance_major</c>, <c>breaker_basis</c> …; the README lists them). Every field is optional and
/// defaults as in DESIGN §5. Fractions and prices are numbers or decimal strings ("0.003"), durations strings such
/// as "30m" or "10s", sets arrays of strings, <c>symbol_classes</c> an object symbol → major|regular|meme|forex.
/// An unknown field, a value of the wrong kind, or settings that do not validate are refused with one line naming
/// the field.
/// </summary>
public static class RiskConfig
{
    private delegate string? Setter(JsonElement value, ref RiskSettings settings);

    private static readonly FrozenDictionary<string, Setter> Fields = new Dictionary<string, Setter>(StringComparer.Ordinal)
    {
        ["trailing_distance_major"] = (JsonElement v, ref RiskSettings s) => Decimal(v, out var d) ?? Set(ref s, s with { TrailingDistanceMajor = d }),
        ["trailing_distance_regular"] = (JsonElement v, ref RiskSettings s) => Decimal(v, out var d) ?? Set(ref s, s with { TrailingDistanceRegular = d }),
        ["trailing_distance_meme"] = (JsonElement v, ref RiskSettings s) => Decimal(v, out var d) ?? Set(ref s, s with { TrailingDistanceMeme = d }),
        ["tightened_distance"] = (JsonElement v, ref RiskSettings s) => Decimal(v, out var d) ?? Set(ref s, s with { TightenedDistance = d }),
        ["trailing_activation"] = (JsonElement v, ref RiskSettings s) => v.ValueKind == JsonValueKind.Null
            ? Set(ref s, s with { TrailingActivation = null })
            : Decimal(v, out var d) ?? Set(ref s, s with { TrailingActivation = d }),
        ["watch_take_profit_stop_loss"] = (JsonElement v, ref RiskSettings s) => Bool(v, out var b) ?? Set(ref s, s with { WatchTakeProfitStopLoss = b }),
        ["major_assets"] = (JsonElement v, ref RiskSettings s) => Names(v, out var n) ?? Set(ref s, s with { MajorAssets = n }),
        ["meme_assets"] = (JsonElement v, ref RiskSettings s) => Names(v, out var n) ?? Set(ref s, s with { MemeAssets = n }),
        ["forex_assets"] = (JsonElement v, ref RiskSettings s) => Names(v, out var n) ?? Set(ref s, s with { ForexAssets = n }),
        ["symbol_classes"] = (JsonElement v, ref RiskSettings s) => Classes(v, out var c) ?? Set(ref s, s with { SymbolClasses = c }),
        ["dump_pressure_candles"] = (JsonElement v, ref RiskSettings s) => Int(v, out var i) ?? Set(ref s, s with { DumpPressureCandles = i }),
        ["flow_flip_window"] = (JsonElement v, ref RiskSettings s) => Int(v, out var i) ?? Set(ref s, s with { FlowFlipWindow = i }),
        ["flow_flip_ratio"] = (JsonElement v, ref RiskSettings s) => Decimal(v, out var d) ?? Set(ref s, s with { FlowFlipRatio = d }),
        ["momentum_break"] = (JsonElement v, ref RiskSettings s) => Decimal(v, out var d) ?? Set(ref s, s with { MomentumBreak = d }),
        ["dump_signals_required"] = (JsonElement v, ref RiskSettings s) => Int(v, out var i) ?? Set(ref s, s with { DumpSignalsRequired = i }),
        ["correlation_leaders"] = (JsonElement v, ref RiskSettings s) => Names(v, out var n) ?? Set(ref s, s with { CorrelationLeaders = n }),
        ["leader_dump_fraction"] = (JsonElement v, ref RiskSettings s) => Decimal(v, out var d) ?? Set(ref s, s with { LeaderDumpFraction = d }),
        ["leader_lookback"] = (JsonElement v, ref RiskSettings s) => Duration(v, out var t) ?? Set(ref s, s with { LeaderLookback = t }),
        ["correlation_threshold"] = (JsonElement v, ref RiskSettings s) => Decimal(v, out var d) ?? Set(ref s, s with { CorrelationThreshold = d }),
        ["correlation_window"] = (JsonElement v, ref RiskSettings s) => Duration(v, out var t) ?? Set(ref s, s with { CorrelationWindow = t }),
        ["correlation_min_points"] = (JsonElement v, ref RiskSettings s) => Int(v, out var i) ?? Set(ref s, s with { CorrelationMinPoints = i }),
        ["correlation_default_major"] = (JsonElement v, ref RiskSettings s) => Decimal(v, out var d) ?? Set(ref s, s with { CorrelationDefaultMajor = d }),
        ["correlation_default_other"] = (JsonElement v, ref RiskSettings s) => Decimal(v, out var d) ?? Set(ref s, s with { CorrelationDefaultOther = d }),
        ["health_stop_entries_below"] = (JsonElement v, ref RiskSettings s) => Decimal(v, out var d) ?? Set(ref s, s with { HealthStopEntriesBelow = d }),
        ["health_tighten_below"] = (JsonElement v, ref RiskSettings s) => Decimal(v, out var d) ?? Set(ref s, s with { HealthTightenBelow = d }),
        ["health_close_worst_below"] = (JsonElement v, ref RiskSettings s) => Decimal(v, out var d) ?? Set(ref s, s with { HealthCloseWorstBelow = d }),
        ["health_rearm_margin"] = (JsonElement v, ref RiskSettings s) => Decimal(v, out var d) ?? Set(ref s, s with { HealthRearmMargin = d }),
        ["health_min_positions"] = (JsonElement v, ref RiskSettings s) => Int(v, out var i) ?? Set(ref s, s with { HealthMinPositions = i }),
        ["health_close_worst_count"] = (JsonElement v, ref RiskSettings s) => Int(v, out var i) ?? Set(ref s, s with { HealthCloseWorstCount = i }),
        ["breaker_basis"] = (JsonElement v, ref RiskSettings s) => Basis(v, out var b) ?? Set(ref s, s with { BreakerBasis = b }),
        ["breaker_close_worst_half"] = (JsonElement v, ref RiskSettings s) => Decimal(v, out var d) ?? Set(ref s, s with { BreakerCloseWorstHalf = d }),
        ["breaker_close_all"] = (JsonElement v, ref RiskSettings s) => Decimal(v, out var d) ?? Set(ref s, s with { BreakerCloseAll = d }),
        ["breaker_halt"] = (JsonElement v, ref RiskSettings s) => Decimal(v, out var d) ?? Set(ref s, s with { BreakerHalt = d }),
        ["scalping_strategies"] = (JsonElement v, ref RiskSettings s) => Names(v, out var n, StringComparer.Ordinal) ?? Set(ref s, s with { ScalpingStrategies = n }),
        ["scalping_max_hold"] = (JsonElement v, ref RiskSettings s) => Duration(v, out var t) ?? Set(ref s, s with { ScalpingMaxHold = t }),
        ["meme_max_hold"] = (JsonElement v, ref RiskSettings s) => Duration(v, out var t) ?? Set(ref s, s with { MemeMaxHold = t }),
        ["forex_max_hold"] = (JsonElement v, ref RiskSettings s) => Duration(v, out var t) ?? Set(ref s, s with { ForexMaxHold = t }),
        ["evaluation_interval"] = (JsonElement v, ref RiskSettings s) => Duration(v, out var t) ?? Set(ref s, s with { EvaluationInterval = t }),
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>The field names risk.json accepts.</summary>
    public static IEnumerable<string> FieldNames => Fields.Keys.Order(StringComparer.Ordinal);

    /// <summary>The settings, or the one-line problem (prefixed with <paramref name="source"/>).</summary>
    public static (RiskSettings? Settings, string? Problem) Parse(string json, string source)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            return (null, $"{source}: not JSON: {e.Message}");
        }

        using (document)
        {
            return Parse(document.RootElement, source, skip: null);
        }
    }

    /// <summary>
    /// The settings from a JSON object (the <c>risk</c> section of <c>tally run</c>'s config), its fields named in
    /// <paramref name="skip"/> left to the caller, fields not given taken from <paramref name="defaults"/> (the
    /// rules' defaults when null); or the one-line problem.
    /// </summary>
    public static (RiskSettings? Settings, string? Problem) Parse(JsonElement element, string source, IReadOnlySet<string>? skip, RiskSettings? defaults = null)
    {
        {
            if (element.ValueKind != JsonValueKind.Object)
            {
                return (null, $"{source}: the settings must be one JSON object");
            }

            var settings = defaults ?? new RiskSettings();
            foreach (var field in element.EnumerateObject())
            {
                if (skip is not null && skip.Contains(field.Name))
                {
                    continue;
                }

                if (!Fields.TryGetValue(field.Name, out var setter))
                {
                    return (null, $"{source}: field {field.Name}: unknown (known: {string.Join(", ", FieldNames)})");
                }

                if (setter(field.Value, ref settings) is { } problem)
                {
                    return (null, $"{source}: field {field.Name}: {Shown(field.Value)} {problem}");
                }
            }

            return settings.Validate() is { Count: > 0 } problems
                ? (null, $"{source}: {SnakeCase(string.Join("; ", problems))}")
                : (settings, null);
        }
    }

    // Validate() names the properties (TrailingDistanceMajor); the user wrote trailing_distance_major.
    private static string SnakeCase(string message)
    {
        foreach (var field in Fields.Keys)
        {
            var pascal = string.Concat(field.Split('_').Select(part => char.ToUpperInvariant(part[0]) + part[1..]));
            message = message.Replace(pascal, field, StringComparison.Ordinal);
        }

        return message;
    }

    private static string? Set(ref RiskSettings settings, RiskSettings next)
    {
        settings = next;
        return null;
    }

    private static string Shown(JsonElement value)
    {
        var text = value.GetRawText();
        return text.Length > 60 ? string.Concat(text.AsSpan(0, 57), "...") : text;
    }

    private static string? Decimal(JsonElement value, out decimal result)
    {
        result = 0m;
        return value.ValueKind switch
        {
            JsonValueKind.Number => value.TryGetDecimal(out result) ? null : "is outside the decimal range",
            JsonValueKind.String => FieldParser.Decimal(value.GetString()!, out result),
            _ => "is not a number",
        };
    }

    private static string? Int(JsonElement value, out int result)
    {
        result = 0;
        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out result) ? null : "is not a whole number";
    }

    private static string? Bool(JsonElement value, out bool result)
    {
        result = value.ValueKind == JsonValueKind.True;
        return value.ValueKind is JsonValueKind.True or JsonValueKind.False ? null : "is not true or false";
    }

    private static string? Duration(JsonElement value, out TimeSpan result)
    {
        result = TimeSpan.Zero;
        if (value.ValueKind == JsonValueKind.String && Durations.Parse(value.GetString()!) is { } parsed)
        {
            result = parsed;
            return null;
        }

        return "is not a duration such as \"10s\", \"30m\" or \"24h\"";
    }

    private static string? Names(JsonElement value, out IReadOnlySet<string> result, StringComparer? comparer = null)
    {
        result = FrozenSet<string>.Empty;
        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(e.GetString())))
        {
            return "is not an array of names";
        }

        result = value.EnumerateArray().Select(e => e.GetString()!.Trim()).ToFrozenSet(comparer ?? StringComparer.OrdinalIgnoreCase);
        return null;
    }

    private static string? Classes(JsonElement value, out IReadOnlyDictionary<string, AssetClass> result)
    {
        result = FrozenDictionary<string, AssetClass>.Empty;
        if (value.ValueKind != JsonValueKind.Object)
        {
            return "is not an object of symbol: class";
        }

        var classes = new Dictionary<string, AssetClass>(StringComparer.OrdinalIgnoreCase);
        foreach (var entry in value.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.String || !RiskWireNames.TryParseAssetClass(entry.Value.GetString()!, out var assetClass))
            {
                return string.Create(CultureInfo.InvariantCulture, $"has {entry.Name}: {entry.Value.GetRawText()}, not major, regular, meme or forex");
            }

            classes[entry.Name] = assetClass;
        }

        result = classes.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        return null;
    }

    private static string? Basis(JsonElement value, out BreakerBasis result)
    {
        result = BreakerBasis.DayStart;
        return value.ValueKind == JsonValueKind.String && RiskWireNames.TryParseBasis(value.GetString()!, out result)
            ? null
            : "is not day_start or peak";
    }
}
