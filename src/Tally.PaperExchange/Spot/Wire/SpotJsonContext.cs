using System.Text.Json.Serialization;
using Tally.PaperExchange.Wire;

namespace Tally.PaperExchange.Spot.Wire;

/// <summary>Source-generated serialization for every spot body and event the paper exchange writes.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(EmptyResponse))]
[JsonSerializable(typeof(ServerTimeResponse))]
[JsonSerializable(typeof(SpotExchangeInfoResponse))]
[JsonSerializable(typeof(SpotPriceTicker))]
[JsonSerializable(typeof(List<SpotPriceTicker>))]
[JsonSerializable(typeof(SpotAccountResponse))]
[JsonSerializable(typeof(SpotOrderResponse))]
[JsonSerializable(typeof(List<SpotOrderResponse>))]
[JsonSerializable(typeof(List<SpotTradeRow>))]
[JsonSerializable(typeof(ExecutionReportEvent))]
[JsonSerializable(typeof(OutboundAccountPositionEvent))]
public sealed partial class SpotJsonContext : JsonSerializerContext;
