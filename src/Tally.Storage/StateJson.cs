using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Tally.Core;

namespace Tally.Storage;

/// <summary>
/// The JSON form of saved state (positions' full state, fee lists). Decimals stay JSON numbers with every
/// digit; System.Text.Json reads them back into decimal exactly.
/// </summary>
/// <remarks>
/// A position's state is written compactly, because every batch rewrites the state of each position it touches:
/// one JSON array of the fields in a fixed order, with no property names, times as Unix milliseconds when they are
/// whole UTC milliseconds (else ISO 8601 text), lists flattened and sides as their wire names. It starts with its
/// format number (2). States saved before (a JSON object with property names, format 1) are still read.
/// </remarks>
public static class StateJson
{
    private const int CompactFormat = 2;

    public static string Write(PositionState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            writer.WriteNumberValue(CompactFormat);
            writer.WriteNumberValue(state.SignedQuantity);
            writer.WriteNumberValue(state.AverageEntryPrice);
            writer.WriteNumberValue(state.RealizedPnl);
            writer.WriteNumberValue(state.SettlementFees);
            WriteAmounts(writer, state.Fees);
            WriteAmounts(writer, state.Funding);
            writer.WriteNumberValue(state.P1);
            writer.WriteNumberValue(state.P2);
            writer.WriteNumberValue(state.P1Fee);
            writer.WriteNumberValue(state.P2Fee);
            writer.WriteNumberValue(state.ClosedCycles);
            WriteTime(writer, state.LastUpdate);
            writer.WriteStartArray();
            foreach (var entry in state.Entries)
            {
                writer.WriteNumberValue(entry.Price);
                writer.WriteNumberValue(entry.Quantity);
                WriteTime(writer, entry.Timestamp);
                writer.WriteStringValue(entry.Side.ToWireName());
            }

            writer.WriteEndArray();
            var cycle = state.Cycle;
            writer.WriteStartArray();
            writer.WriteStringValue(cycle.Side.ToWireName());
            WriteTime(writer, cycle.OpenedAt);
            writer.WriteNumberValue(cycle.EntryQuantity);
            writer.WriteNumberValue(cycle.EntryValue);
            writer.WriteNumberValue(cycle.AverageEntryPrice);
            writer.WriteNumberValue(cycle.ExitQuantity);
            writer.WriteNumberValue(cycle.ExitValue);
            writer.WriteNumberValue(cycle.AverageExitPrice);
            writer.WriteNumberValue(cycle.PeakQuantity);
            writer.WriteNumberValue(cycle.RealizedPnl);
            writer.WriteNumberValue(cycle.SettlementFees);
            WriteAmounts(writer, cycle.Fees);
            writer.WriteEndArray();
            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    /// <exception cref="JsonException">The text is not a saved position state.</exception>
    public static PositionState ReadPosition(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        if (!json.AsSpan().TrimStart().StartsWith("["))
        {
            return JsonSerializer.Deserialize(json, StateJsonContext.Default.PositionState)
                ?? throw new JsonException("position state is null");
        }

        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
        Start(ref reader);
        if (Int(ref reader) != CompactFormat)
        {
            throw new JsonException("position state: unknown format");
        }

        var signedQuantity = Number(ref reader);
        var averageEntryPrice = Number(ref reader);
        var realizedPnl = Number(ref reader);
        var settlementFees = Number(ref reader);
        var fees = Amounts(ref reader);
        var funding = Amounts(ref reader);
        var p1 = Number(ref reader);
        var p2 = Number(ref reader);
        var p1Fee = Number(ref reader);
        var p2Fee = Number(ref reader);
        var closedCycles = Int(ref reader);
        var lastUpdate = Time(ref reader);
        var entries = new List<PositionEntry>();
        Start(ref reader);
        while (!End(ref reader))
        {
            var price = reader.GetDecimal();
            var quantity = Number(ref reader);
            var timestamp = Time(ref reader);
            var side = WireNames.TryParseSide(Text(ref reader), out var s) ? s : throw new JsonException("position state: unknown entry side");
            entries.Add(new PositionEntry(price, quantity, timestamp, side));
        }

        Start(ref reader);
        var cycle = new CycleState(
            Text(ref reader) switch
            {
                "FLAT" => PositionDirection.Flat,
                "LONG" => PositionDirection.Long,
                "SHORT" => PositionDirection.Short,
                _ => throw new JsonException("position state: unknown cycle side"),
            },
            Time(ref reader),
            Number(ref reader),
            Number(ref reader),
            Number(ref reader),
            Number(ref reader),
            Number(ref reader),
            Number(ref reader),
            Number(ref reader),
            Number(ref reader),
            Number(ref reader),
            Amounts(ref reader));
        if (!End(ref reader) || !End(ref reader))
        {
            throw new JsonException("position state: unexpected trailing fields");
        }

        return new PositionState(signedQuantity, averageEntryPrice, realizedPnl, settlementFees, fees, funding, p1, p2, p1Fee, p2Fee, closedCycles, lastUpdate, entries, cycle);
    }

    public static string Write(IReadOnlyList<AssetAmount> amounts) => JsonSerializer.Serialize(amounts, StateJsonContext.Default.IReadOnlyListAssetAmount);

    public static IReadOnlyList<AssetAmount> ReadAmounts(string json) =>
        JsonSerializer.Deserialize(json, StateJsonContext.Default.IReadOnlyListAssetAmount) ?? [];

    private static void WriteAmounts(Utf8JsonWriter writer, IReadOnlyList<AssetAmount> amounts)
    {
        writer.WriteStartArray();
        foreach (var amount in amounts)
        {
            writer.WriteStringValue(amount.Asset);
            writer.WriteNumberValue(amount.Amount);
        }

        writer.WriteEndArray();
    }

    private static void WriteTime(Utf8JsonWriter writer, DateTimeOffset? time)
    {
        if (time is not { } t)
        {
            writer.WriteNullValue();
        }
        else if (t.Offset == TimeSpan.Zero && t.UtcTicks % TimeSpan.TicksPerMillisecond == 0)
        {
            writer.WriteNumberValue(t.ToUnixTimeMilliseconds());
        }
        else
        {
            writer.WriteStringValue(t);
        }
    }

    private static List<AssetAmount> Amounts(ref Utf8JsonReader reader)
    {
        var amounts = new List<AssetAmount>();
        Start(ref reader);
        while (!End(ref reader))
        {
            var asset = reader.GetString() ?? throw new JsonException("position state: asset is null");
            amounts.Add(new AssetAmount(asset, Number(ref reader)));
        }

        return amounts;
    }

    private static void Start(ref Utf8JsonReader reader)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("position state: expected an array");
        }
    }

    /// <summary>Reads the next token: true at the end of the current array, else the reader stands on the next value.</summary>
    private static bool End(ref Utf8JsonReader reader) =>
        !reader.Read() ? throw new JsonException("position state: truncated") : reader.TokenType == JsonTokenType.EndArray;

    private static decimal Number(ref Utf8JsonReader reader)
    {
        Next(ref reader);
        return reader.GetDecimal();
    }

    private static int Int(ref Utf8JsonReader reader)
    {
        Next(ref reader);
        return reader.GetInt32();
    }

    private static string Text(ref Utf8JsonReader reader)
    {
        Next(ref reader);
        return reader.GetString() ?? throw new JsonException("position state: expected text");
    }

    private static DateTimeOffset? Time(ref Utf8JsonReader reader)
    {
        Next(ref reader);
        return reader.TokenType switch
        {
            JsonTokenType.Null => null,
            JsonTokenType.Number => DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64()),
            _ => reader.GetDateTimeOffset(),
        };
    }

    private static void Next(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw new JsonException("position state: truncated");
        }
    }
}

[JsonSourceGenerationOptions(UseStringEnumConverter = true)]
[JsonSerializable(typeof(PositionState))]
[JsonSerializable(typeof(IReadOnlyList<AssetAmount>))]
internal sealed partial class StateJsonContext : JsonSerializerContext;
