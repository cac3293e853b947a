namespace Tally.Core.Risk;

/// <summary>
/// One exchange position key's groups (per market and instrument), for the health score's concentration: its
/// notional is the sum of theirs over watched positions. Owned by the <see cref="PortfolioBook"/>.
/// </summary>
internal sealed class PortfolioExposure(string key)
{
    public string Key { get; } = key;

    public List<PortfolioGroup> Groups { get; } = [];

    /// <summary>Watched positions in its groups; the key counts as an exchange position while this is above 0.</summary>
    public int Watched { get; set; }

    /// <summary>Its place in the book's list (swap-removed when it has no group left).</summary>
    public int Index { get; set; }
}
