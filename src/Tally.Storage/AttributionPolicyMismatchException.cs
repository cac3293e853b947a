using Tally.Core.Attribution;

namespace Tally.Storage;

/// <summary>
/// A fill log was asked to fold with <see cref="Asked"/>, but the store's attribution tables were folded with
/// <see cref="Stored"/> and it holds fills: opening it would leave rows that a replay with the asked policy does not
/// give, and re-folding them would silently rewrite attributed PnL, so the open is refused.
/// </summary>
public sealed class AttributionPolicyMismatchException : Exception
{
    public AttributionPolicyMismatchException(AttributionPolicy stored, AttributionPolicy asked)
        : base($"the store's attribution was folded with {stored.ToWireName()}, not {asked.ToWireName()}; keep {stored.ToWireName()} for this store or start a new one")
    {
        Stored = stored;
        Asked = asked;
    }

    public AttributionPolicyMismatchException()
    {
    }

    public AttributionPolicyMismatchException(string message)
        : base(message)
    {
    }

    public AttributionPolicyMismatchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The policy the store was folded with.</summary>
    public AttributionPolicy Stored { get; }

    /// <summary>The policy the caller asked for.</summary>
    public AttributionPolicy Asked { get; }
}
