using System.Text.Json.Serialization;
using Tally.Api.Positions;
using Tally.Api.Risk;
using Tally.Api.Signals;

namespace Tally.Api;

/// <summary>The API's typed request and response bodies, serialized without reflection.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(SignalRequest))]
[JsonSerializable(typeof(SignalResponse))]
[JsonSerializable(typeof(CloseResponse))]
[JsonSerializable(typeof(ResetResponse))]
public sealed partial class ApiJsonContext : JsonSerializerContext;
