namespace Tally.Workloads;

/// <summary>What the generator meant one fill to do to its symbol's one-way position.</summary>
internal enum FillKind
{
    Open,
    Add,
    Reduce,
    Close,
    Flip,
}
