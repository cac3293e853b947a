using System.Text.Json;
using System.Text.Json.Serialization;
using Tally.Core;

namespace Tally.Storage;

/// <summary>
/// The JSON form of saved state (positions' full state, fee lists). Decimals stay JSON numbers with every
/// digit; System.Text.Json reads them back into decimal exactly.
/// </summary>
public static class StateJson
{
    public static string Write(PositionState state) => JsonSerializer.Serialize(state, StateJsonContext.Default.PositionState);

    public static PositionState ReadPosition(string json) =>
        JsonSerializer.Deserialize(json, StateJsonContext.Default.PositionState)
        ?? throw new JsonException("position state is null");

    public static string Write(IReadOnlyList<AssetAmount> amounts) => JsonSerializer.Serialize(amounts, StateJsonContext.Default.IReadOnlyListAssetAmount);

    public static IReadOnlyList<AssetAmount> ReadAmounts(string json) =>
        JsonSerializer.Deserialize(json, StateJsonContext.Default.IReadOnlyListAssetAmount) ?? [];
}

[JsonSourceGenerationOptions(UseStringEnumConverter = true)]
[JsonSerializable(typeof(PositionState))]
[JsonSerializable(typeof(IReadOnlyList<AssetAmount>))]
internal sealed partial class StateJsonContext : JsonSerializerContext;
