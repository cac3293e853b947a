namespace Tally.Core.Risk;

/// <summary>
/// Where the <see cref="RiskMonitor"/> writes what a step produced, in order: events, exit requests and portfolio
/// evaluations. The caller owns it and <see cref="Clear"/>s it between steps (one instance reused, so a tick
/// allocates nothing for an empty result). Not thread-safe.
/// </summary>
public sealed class RiskOutput
{
    private readonly List<RiskEvent> _events = [];
    private readonly List<RiskExit> _exits = [];
    private readonly List<RiskEvaluation> _evaluations = [];

    public IReadOnlyList<RiskEvent> Events => _events;

    public IReadOnlyList<RiskExit> Exits => _exits;

    public IReadOnlyList<RiskEvaluation> Evaluations => _evaluations;

    public bool IsEmpty => _events.Count == 0 && _exits.Count == 0 && _evaluations.Count == 0;

    public void Clear()
    {
        _events.Clear();
        _exits.Clear();
        _evaluations.Clear();
    }

    internal void Add(RiskEvent riskEvent) => _events.Add(riskEvent);

    internal void Add(RiskExit exit) => _exits.Add(exit);

    internal void Add(RiskEvaluation evaluation) => _evaluations.Add(evaluation);
}
