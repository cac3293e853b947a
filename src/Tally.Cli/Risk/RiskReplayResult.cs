using Tally.Core.Risk;
using Tally.Import;

namespace Tally.Cli.Risk;

/// <summary>What <c>tally risk replay</c> folded and found, or the row that stopped it (<see cref="Error"/>).</summary>
public sealed record RiskReplayResult(
    RiskSimulation? Simulation,
    int Ticks,
    int Fills,
    IReadOnlyList<AdjustedFill> Adjusted,
    RowError? Error = null);
