using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Tally.PaperExchange.Wire;

/// <summary>One GET /fapi/v1/leverageBracket entry: a symbol and its tiers.</summary>
public sealed record LeverageBracketRow(string Symbol, IReadOnlyList<LeverageBracketTier> Brackets);

/// <summary>
/// One tier, field names as Binance writes them. Unlike nearly every other Binance decimal these are JSON numbers;
/// they are kept as exact text and written as number tokens (<see cref="JsonNumberText"/>).
/// </summary>
public sealed record LeverageBracketTier(
    int Bracket,
    int InitialLeverage,
    [property: JsonConverter(typeof(JsonNumberText))] string NotionalCap,
    [property: JsonConverter(typeof(JsonNumberText))] string NotionalFloor,
    [property: JsonConverter(typeof(JsonNumberText))] string MaintMarginRatio,
    [property: JsonConverter(typeof(JsonNumberText))] string Cum);

/// <summary>POST /fapi/v1/leverage: <c>leverage</c> a number, <c>maxNotionalValue</c> a string.</summary>
public sealed record LeverageResponse(int Leverage, string MaxNotionalValue, string Symbol);

/// <summary>Writes a decimal's exact text as a JSON number token (never through double); reads a number token's text.</summary>
public sealed class JsonNumberText : JsonConverter<string>
{
    public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.Number
            ? System.Text.Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan.ToArray())
            : throw new JsonException("expected a JSON number");

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteRawValue(value);
    }
}
