using System.Text.Json.Serialization;

namespace Tally.PaperExchange.Wire;

/// <summary>Source-generated serialization for every body the paper exchange writes.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ErrorResponse))]
[JsonSerializable(typeof(EmptyResponse))]
[JsonSerializable(typeof(ServerTimeResponse))]
[JsonSerializable(typeof(DualSideResponse))]
[JsonSerializable(typeof(ExchangeInfoResponse))]
[JsonSerializable(typeof(OrderResponse))]
[JsonSerializable(typeof(List<OrderResponse>))]
[JsonSerializable(typeof(List<UserTradeRow>))]
[JsonSerializable(typeof(List<PositionRiskRow>))]
[JsonSerializable(typeof(List<PositionRiskV3Row>))]
[JsonSerializable(typeof(ListenKeyResponse))]
[JsonSerializable(typeof(List<BalanceRow>))]
[JsonSerializable(typeof(OrderTradeUpdateEvent))]
[JsonSerializable(typeof(AccountUpdateEvent))]
[JsonSerializable(typeof(AlgoOrderResponse))]
[JsonSerializable(typeof(List<AlgoOrderResponse>))]
[JsonSerializable(typeof(AlgoCancelResponse))]
[JsonSerializable(typeof(AlgoUpdateEvent))]
[JsonSerializable(typeof(TradeLiteEvent))]
[JsonSerializable(typeof(Ticker24hRow))]
[JsonSerializable(typeof(List<Ticker24hRow>))]
[JsonSerializable(typeof(PriceTickerRow))]
[JsonSerializable(typeof(List<PriceTickerRow>))]
[JsonSerializable(typeof(BookTickerRow))]
[JsonSerializable(typeof(List<BookTickerRow>))]
[JsonSerializable(typeof(AccountV2Response))]
[JsonSerializable(typeof(AccountV3Response))]
public sealed partial class PaperJsonContext : JsonSerializerContext;
