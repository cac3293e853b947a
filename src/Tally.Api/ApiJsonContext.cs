using System.Text.Json.Serialization;
using Tally.Api.Signals;

namespace Tally.Api;

/// <summary>The API's typed request and response bodies, serialized without reflection.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(SignalRequest))]
[JsonSerializable(typeof(SignalResponse))]
public sealed partial class ApiJsonContext : JsonSerializerContext;
