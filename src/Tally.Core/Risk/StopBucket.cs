namespace Tally.Core.Risk;

/// <summary>
/// Positions of one lane that share their signed extreme (H, or −L for shorts): they share their trailing stop,
/// and a tick that passes the extreme moves all of them at once.
/// </summary>
internal sealed class StopBucket(StopLane lane, decimal key)
{
    public StopLane Lane { get; set; } = lane;

    /// <summary>The signed extreme of every member.</summary>
    public decimal Key { get; set; } = key;

    /// <summary>Members with the version they joined at; an entry whose bucket or version differs has left.</summary>
    public List<(StopEntry Entry, int Version)> Members { get; private set; } = [];

    public int Live { get; private set; }

    public bool Holds(StopEntry entry, int version) => entry.Alive && entry.Bucket == this && entry.Version == version;

    public void Add(StopEntry entry)
    {
        entry.Bucket = this;
        entry.Version = unchecked(entry.Version + 1);
        Members.Add((entry, entry.Version));
        Live++;
    }

    /// <summary>Forgets a member that left (moved, exited or removed); the list entry goes stale.</summary>
    public void Leave()
    {
        Live--;
        if (Members.Count > (2 * Live) + 16)
        {
            Members = [.. Members.Where(m => Holds(m.Entry, m.Version))];
        }
    }

    /// <summary>Moves every live member of <paramref name="other"/> here.</summary>
    public void Absorb(StopBucket other)
    {
        foreach (var (entry, version) in other.Members)
        {
            if (other.Holds(entry, version))
            {
                Add(entry);
            }
        }

        other.Members = [];
        other.Live = 0;
    }

    public IEnumerable<StopEntry> LiveMembers() =>
        Members.Where(m => Holds(m.Entry, m.Version)).Select(m => m.Entry);
}
