namespace Tally.Core;

/// <summary>
/// Folds fills into positions, one <see cref="Position"/> per <see cref="PositionKey"/>. A fill's
/// position side picks its book: BOTH folds one-way (a fill may flip the position), LONG and SHORT fold
/// hedge-mode sides (a fill may never flip one). Deterministic: the same fills in the same order always
/// give the same state. Owned by one thread; not thread safe.
/// </summary>
public sealed class Ledger
{
    private readonly Dictionary<PositionKey, Position> _positions = [];
    private readonly InstrumentCatalog _instruments;

    public Ledger(InstrumentCatalog? instruments = null)
    {
        _instruments = instruments ?? new InstrumentCatalog();
    }

    public InstrumentCatalog Instruments => _instruments;

    /// <summary>Every key seen so far, open or flat, in the order first seen.</summary>
    public IReadOnlyCollection<Position> Positions => _positions.Values;

    /// <summary>Applies one fill and says what it did.</summary>
    /// <exception cref="ArgumentException">The fill is malformed (non-positive quantity or price, unknown symbol).</exception>
    public FillOutcome Apply(in Fill fill)
    {
        if (_positions.TryGetValue(fill.Key, out var position))
        {
            return position.Apply(fill);
        }

        // A new key joins the ledger only once its first fill was accepted, so a refused fill leaves nothing behind.
        position = new Position(fill.Key, _instruments.Resolve(fill.Symbol));
        var outcome = position.Apply(fill);
        _positions.Add(fill.Key, position);
        return outcome;
    }

    /// <summary>Books a funding payment (+ received, − paid) against a perpetual position.</summary>
    public void ApplyFunding(PositionKey key, decimal amount, string asset, DateTimeOffset? at)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(asset);
        GetOrAdd(key).ApplyFunding(amount, asset, at);
    }

    /// <summary>Puts a saved position back, replacing any state the key had. Used when a process restarts.</summary>
    public Position Restore(PositionKey key, PositionState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var position = GetOrAdd(key);
        position.Restore(state);
        return position;
    }

    public Position? Find(PositionKey key) => _positions.GetValueOrDefault(key);

    private Position GetOrAdd(PositionKey key)
    {
        if (_positions.TryGetValue(key, out var position))
        {
            return position;
        }

        position = new Position(key, _instruments.Resolve(key.Symbol));
        _positions.Add(key, position);
        return position;
    }
}
