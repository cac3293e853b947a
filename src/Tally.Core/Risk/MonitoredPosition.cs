using Tally.Core.Attribution;

namespace Tally.Core.Risk;

/// <summary>
/// An open strategy position as the monitor holds it: the latest snapshot, its trailing stop (null while waiting
/// for the activation price, or once an exit was asked for), its best price since entry (H or L), the last price
/// of its symbol, and whether an exit was already asked for (it then waits for its closing fill).
/// </summary>
public sealed record MonitoredPosition(
    StrategyPosition Position,
    decimal? Stop,
    decimal? Extreme,
    decimal? LastPrice,
    RiskExitReason? ExitRequested);
