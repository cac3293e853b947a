namespace Tally.Core.Risk;

/// <summary>
/// The watched positions valued as <see cref="RiskPosition"/>s, for the rules that pick positions to close (breaker,
/// health's close-worst): its count is known at once, the list is only built when a rule reads it — rarely, when a
/// level fires — so an ordinary evaluation allocates nothing per position.
/// </summary>
internal sealed class LazyRiskPositions(int count, Func<List<RiskPosition>> build) : IReadOnlyList<RiskPosition>
{
    private List<RiskPosition>? _built;

    public int Count { get; } = count;

    public RiskPosition this[int index] => Built[index];

    private List<RiskPosition> Built => _built ??= build();

    public IEnumerator<RiskPosition> GetEnumerator() => Built.GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
