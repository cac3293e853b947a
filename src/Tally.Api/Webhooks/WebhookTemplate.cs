using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Tally.Api.Signals;

namespace Tally.Api.Webhooks;

/// <summary>
/// Turns an alert's JSON into a signal body: for each signal field, a template whose <c>{{path}}</c> placeholders
/// name alert fields (dots go into nested objects: <c>{{strategy.order.action}}</c>; a key that itself holds dots is
/// found too). A template that is exactly one placeholder copies the alert's value as it is (a JSON number stays a
/// number); otherwise placeholders are replaced by the values' text and the rest is kept (<c>"tv-{{ticker}}"</c>).
/// Text without placeholders is a constant (<c>"confidence": "0.8"</c>). The result goes through
/// <see cref="SignalBody"/> like any posted signal.
/// </summary>
public sealed partial class WebhookTemplate
{
    private readonly IReadOnlyDictionary<string, string> _fields;
    private readonly bool _skipMissing;

    private WebhookTemplate(IReadOnlyDictionary<string, string> fields, bool skipMissing)
    {
        _fields = fields;
        _skipMissing = skipMissing;
    }

    /// <summary>
    /// Without a configured template: the alert's fields of the signal's names are the signal
    /// (<c>{"passphrase": "…", "signal_id": "…", "strategy_id": "…", …}</c>); absent ones stay absent.
    /// </summary>
    public static WebhookTemplate Identity { get; } =
        new(SignalBody.Fields.ToDictionary(f => f, f => $"{{{{{f}}}}}", StringComparer.Ordinal), skipMissing: true);

    /// <summary>The signal fields and their templates as configured.</summary>
    public IReadOnlyDictionary<string, string> Fields => _fields;

    /// <summary>A configured template, or null with <paramref name="problem"/> naming a key that is not a signal field.</summary>
    public static WebhookTemplate? Create(IReadOnlyDictionary<string, string> fields, out string problem)
    {
        ArgumentNullException.ThrowIfNull(fields);
        foreach (var (field, template) in fields)
        {
            if (!SignalBody.Fields.Contains(field, StringComparer.Ordinal))
            {
                problem = $"{field}: is not a signal field (fields: {string.Join(", ", SignalBody.Fields)})";
                return null;
            }

            if (template is null)
            {
                problem = $"{field}: give a template string such as \"{{{{ticker}}}}\"";
                return null;
            }
        }

        problem = string.Empty;
        return new WebhookTemplate(new Dictionary<string, string>(fields, StringComparer.Ordinal), skipMissing: false);
    }

    /// <summary>The signal body for <paramref name="alert"/>, or null with the field whose template names an alert field that is missing.</summary>
    public JsonObject? Apply(JsonElement alert, out FieldProblem? problem)
    {
        var signal = new JsonObject();
        foreach (var (field, template) in _fields)
        {
            if (Whole().Match(template) is { Success: true } whole)
            {
                if (Find(alert, whole.Groups[1].Value) is { } value)
                {
                    signal[field] = JsonNode.Parse(value.GetRawText());
                }
                else if (!_skipMissing)
                {
                    problem = Missing(field, template, whole.Groups[1].Value);
                    return null;
                }

                continue;
            }

            var text = new StringBuilder();
            var at = 0;
            foreach (Match placeholder in Placeholder().Matches(template))
            {
                text.Append(template, at, placeholder.Index - at);
                var path = placeholder.Groups[1].Value;
                if (Find(alert, path) is not { } value)
                {
                    problem = Missing(field, template, path);
                    return null;
                }

                text.Append(value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText());
                at = placeholder.Index + placeholder.Length;
            }

            text.Append(template, at, template.Length - at);
            signal[field] = text.ToString();
        }

        problem = null;
        return signal;
    }

    private static FieldProblem Missing(string field, string template, string path) =>
        new(field, template, $"names alert field \"{path}\", which the alert does not have");

    /// <summary>The value at a dotted path, or at a top-level key spelled with the dots; null when absent.</summary>
    private static JsonElement? Find(JsonElement alert, string path)
    {
        if (alert.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        if (alert.TryGetProperty(path, out var literal))
        {
            return literal;
        }

        var current = alert;
        foreach (var part in path.Split('.'))
        {
            if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(part, out current))
            {
                return null;
            }
        }

        return current;
    }

    [GeneratedRegex(@"^\s*\{\{\s*([\w.]+)\s*\}\}\s*$")]
    private static partial Regex Whole();

    [GeneratedRegex(@"\{\{\s*([\w.]+)\s*\}\}")]
    private static partial Regex Placeholder();
}
