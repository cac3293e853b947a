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
        position = new Position(fill.Key, _instruments.Resolve(fill.Venue, fill.Symbol));
        var outcome = position.Apply(fill);
        _positions.Add(fill.Key, position);
        return outcome;
    }

    /// <summary>
    /// Whether <see cref="Apply"/> would take <paramref name="fill"/>: null when it would, otherwise the field, value and
    /// problem (<see cref="FillRules"/>). Changes nothing, not even the instrument catalog.
    /// </summary>
    public FillRejection? Check(in Fill fill) =>
        _instruments.TryPeek(fill.Venue, fill.Symbol, out var instrument)
            ? FillRules.Check(fill, instrument)
            : new FillRejection("symbol", fill.Symbol, FillRules.UnknownSymbol);

    /// <summary>Whether <see cref="ApplyFunding"/> would book a payment in <paramref name="asset"/> against <paramref name="key"/>: null when it would. Changes nothing.</summary>
    public FillRejection? CheckFunding(PositionKey key, string? asset) =>
        !_instruments.TryPeek(key.Venue, key.Symbol, out _) ? new FillRejection("symbol", key.Symbol, FillRules.UnknownSymbol)
        : string.IsNullOrWhiteSpace(asset) ? new FillRejection("asset", asset ?? "", "is empty")
        : null;

    /// <summary>
    /// A ledger equal to this one that shares nothing with it: the same instruments and a copy of every position's
    /// state. Later fills applied to either leave the other as it was.
    /// </summary>
    public Ledger Copy()
    {
        var copy = new Ledger(_instruments.Copy());
        foreach (var (key, position) in _positions)
        {
            copy.Restore(key, position.Capture());
        }

        return copy;
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

        position = new Position(key, _instruments.Resolve(key.Venue, key.Symbol));
        _positions.Add(key, position);
        return position;
    }
}
