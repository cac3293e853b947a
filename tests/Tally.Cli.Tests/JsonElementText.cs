using System.Text.Json;

namespace Tally.Cli.Tests;

/// <summary>Reads the string fields of the replay JSON (every decimal is one), null for a JSON null.</summary>
internal static class JsonElementText
{
    public static string? Text(this JsonElement element, string name) => element.GetProperty(name).GetString();

    public static bool IsNull(this JsonElement element, string name) => element.GetProperty(name).ValueKind == JsonValueKind.Null;

    /// <summary>An object of asset → amount (fees, funding) as a dictionary.</summary>
    public static Dictionary<string, string?> Amounts(this JsonElement element, string name) =>
        element.GetProperty(name).EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString());
}
