namespace Tally.Core.Signals;

/// <summary>What happens to a signal when a signal of the same direction is active (SAME_DIRECTION_CONFLICT_RESOLUTION).</summary>
public enum SameDirectionPolicy
{
    /// <summary>Accepted while the side has fewer than MAX_ACCUMULATIONS open strategy positions.</summary>
    Accumulate,

    /// <summary>Accepted only if strictly stronger than every active same-direction signal.</summary>
    StrongestWins,

    /// <summary>Rejected.</summary>
    RejectDuplicates,
}
