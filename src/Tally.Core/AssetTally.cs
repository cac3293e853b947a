namespace Tally.Core;

/// <summary>
/// Running totals per asset (fees, funding). Positions see one to three assets, so a linear scan over
/// two small arrays beats a dictionary and allocates only when a new asset first appears.
/// Owned by one position; not thread safe.
/// </summary>
public sealed class AssetTally
{
    private string[] _assets = new string[2];
    private decimal[] _amounts = new decimal[2];
    private int _count;

    public int Count => _count;

    public void Add(string asset, decimal amount)
    {
        for (var i = 0; i < _count; i++)
        {
            if (string.Equals(_assets[i], asset, StringComparison.Ordinal))
            {
                _amounts[i] += amount;
                return;
            }
        }

        if (_count == _assets.Length)
        {
            Array.Resize(ref _assets, _count * 2);
            Array.Resize(ref _amounts, _count * 2);
        }

        _assets[_count] = asset;
        _amounts[_count] = amount;
        _count++;
    }

    /// <summary>The total for <paramref name="asset"/>, zero when none was recorded.</summary>
    public decimal Get(string asset)
    {
        for (var i = 0; i < _count; i++)
        {
            if (string.Equals(_assets[i], asset, StringComparison.Ordinal))
            {
                return _amounts[i];
            }
        }

        return 0m;
    }

    public void Clear() => _count = 0;

    /// <summary>An immutable copy, in the order assets first appeared.</summary>
    public IReadOnlyList<AssetAmount> ToList()
    {
        if (_count == 0)
        {
            return [];
        }

        var copy = new AssetAmount[_count];
        for (var i = 0; i < _count; i++)
        {
            copy[i] = new AssetAmount(_assets[i], _amounts[i]);
        }

        return copy;
    }
}
