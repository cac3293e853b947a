using System.Text.Json;

namespace Tally.Cli.Tests;

/// <summary>The object <c>tally replay --json</c> prints, with lookups by the keys a script would use.</summary>
internal sealed class ReplayJson : IDisposable
{
    private readonly JsonDocument _document;

    public ReplayJson(string json)
    {
        _document = JsonDocument.Parse(json);
    }

    public JsonElement Root => _document.RootElement;

    public IReadOnlyList<JsonElement> Fills => [.. Root.GetProperty("fills").EnumerateArray()];

    public IReadOnlyList<JsonElement> Positions => [.. Root.GetProperty("positions").EnumerateArray()];

    public IReadOnlyList<JsonElement> Cycles => [.. Root.GetProperty("cycles").EnumerateArray()];

    public JsonElement Totals => Root.GetProperty("totals");

    public JsonElement Fill(string tradeId) => Assert.Single(Fills, f => f.Text("trade_id") == tradeId);

    public JsonElement Position(string symbol, string positionSide = "BOTH") =>
        Assert.Single(Positions, p => p.Text("symbol") == symbol && p.Text("position_side") == positionSide);

    public JsonElement Cycle(string key, int number) =>
        Assert.Single(Cycles, c => c.Text("key") == key && c.GetProperty("number").GetInt32() == number);

    /// <summary>Every string value anywhere in the document.</summary>
    public IEnumerable<string> AllStrings() => StringsIn(Root);

    /// <summary>The names of every property anywhere in the document whose value is a JSON number.</summary>
    public IEnumerable<string> NumberPropertyNames() => NumberPropertiesIn(Root);

    public void Dispose() => _document.Dispose();

    private static IEnumerable<string> StringsIn(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => [element.GetString()!],
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => StringsIn(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(StringsIn),
        _ => [],
    };

    private static IEnumerable<string> NumberPropertiesIn(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p =>
            p.Value.ValueKind == JsonValueKind.Number ? [p.Name] : NumberPropertiesIn(p.Value)),
        JsonValueKind.Array => element.EnumerateArray().SelectMany(NumberPropertiesIn),
        _ => [],
    };
}
