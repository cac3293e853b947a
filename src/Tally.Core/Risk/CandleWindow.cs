namespace Tally.Core.Risk;

/// <summary>
/// The last <see cref="Capacity"/> closed candles of one symbol, oldest first, in a ring (O(1) per candle).
/// The dump detector needs 6, the correlation 61 (60 returns).
/// </summary>
public sealed class CandleWindow(int capacity) : IReadOnlyList<Candle>
{
    private readonly Candle[] _ring = new Candle[capacity];
    private int _start;

    public int Capacity => _ring.Length;

    public int Count { get; private set; }

    public Candle this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            return _ring[(_start + index) % _ring.Length];
        }
    }

    public void Add(Candle candle)
    {
        if (Count < _ring.Length)
        {
            _ring[(_start + Count) % _ring.Length] = candle;
            Count++;
            return;
        }

        _ring[_start] = candle;
        _start = (_start + 1) % _ring.Length;
    }

    /// <summary>
    /// Puts <paramref name="candle"/> in place of the window's candle of the same minute when that one is a gap filler
    /// (flat, no volume) and differs; true when it did.
    /// </summary>
    public bool FillHole(Candle candle)
    {
        for (var i = 0; i < Count; i++)
        {
            var index = (_start + i) % _ring.Length;
            var held = _ring[index];
            if (held.OpenTime == candle.OpenTime)
            {
                var filler = held.Volume == 0m && held.Open == held.High && held.High == held.Low && held.Low == held.Close;
                if (!filler || held == candle)
                {
                    return false;
                }

                _ring[index] = candle;
                return true;
            }
        }

        return false;
    }

    public IEnumerator<Candle> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
