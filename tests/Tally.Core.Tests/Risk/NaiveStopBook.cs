using Tally.Core.Risk;

namespace Tally.Core.Tests.Risk;

/// <summary>
/// The baseline: every position's <see cref="TrailingStop"/> folded over every tick of its symbol, scanning all
/// positions of the symbol — obviously right, O(n) per tick. <see cref="StopBook"/> must agree with it.
/// </summary>
internal sealed class NaiveStopBook
{
    private readonly Dictionary<string, (StopOrder Order, TrailingStop Stop)> _positions = new(StringComparer.Ordinal);
    private decimal? _cap;

    public int Count => _positions.Count;

    public IEnumerable<string> Ids => _positions.Keys;

    public bool Add(StopOrder order)
    {
        if (_positions.ContainsKey(order.StrategyPositionId))
        {
            return false;
        }

        var stop = TrailingStop.Open(order.Side, order.EntryPrice, order.Distance, order.Activation).WithDistanceCap(_cap);
        _positions.Add(order.StrategyPositionId, (order, stop));
        return true;
    }

    public bool Remove(string id) => _positions.Remove(id);

    public void OnTick(string symbol, decimal price, ICollection<StopExit> exits)
    {
        foreach (var (id, (order, stop)) in _positions.Where(p => p.Value.Order.Symbol == symbol).ToList())
        {
            var (next, triggered) = stop.OnTick(price);
            if (triggered)
            {
                exits.Add(new StopExit(id, symbol, order.Side, next.Stop!.Value, price));
                _positions.Remove(id);
            }
            else
            {
                _positions[id] = (order, next);
            }
        }
    }

    public void SetDistanceCap(decimal? cap)
    {
        _cap = cap;
        foreach (var (id, (order, stop)) in _positions.ToList())
        {
            _positions[id] = (order, stop.WithDistanceCap(cap));
        }
    }

    public decimal? StopOf(string id) => _positions.TryGetValue(id, out var p) ? p.Stop.Stop : null;

    public decimal? ExtremeOf(string id) => _positions.TryGetValue(id, out var p) ? p.Stop.Extreme : null;
}
