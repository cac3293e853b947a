namespace Tally.Core.Risk;

/// <summary>The daily drawdown breaker's levels, in order of severity.</summary>
public enum BreakerLevel
{
    None,

    /// <summary>Drawdown ≥ 3 %: close the worst half of the open strategy positions (rounded up).</summary>
    CloseWorstHalf,

    /// <summary>Drawdown ≥ 4 %: close all.</summary>
    CloseAll,

    /// <summary>Drawdown ≥ 5 %: close all and stop all trading until reset.</summary>
    Halt,
}
