using Tally.Core;
using Tally.Core.Attribution;

namespace Tally.Storage;

/// <summary>What one committed fill did to one strategy position (reported by ingest, for logs, metrics, the dispatcher and notifications).</summary>
public sealed record AttributionChange(StrategyPositionEvent Event, StrategyPosition Position, Fill Fill);
