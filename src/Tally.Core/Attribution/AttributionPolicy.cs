namespace Tally.Core.Attribution;

/// <summary>How an exit that names no strategy position (or the part beyond what it names) is spread over a key's open contributions.</summary>
public enum AttributionPolicy
{
    /// <summary>Oldest contribution first (the default).</summary>
    Fifo,

    /// <summary>In proportion to each contribution's open quantity.</summary>
    ProRata,
}
