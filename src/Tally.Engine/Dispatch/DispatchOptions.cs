using Tally.Core.Signals;

namespace Tally.Engine.Dispatch;

/// <summary>How an account's dispatcher decides and names its orders.</summary>
public sealed record DispatchOptions
{
    /// <summary>The conflict settings (DESIGN.md §4); the position mode is taken from the venue when it can say.</summary>
    public SignalSettings Settings { get; init; } = new();

    /// <summary>This engine instance's name in client order ids (<c>t-&lt;instance&gt;-&lt;n&gt;</c>): 1–14 of A–Z, a–z, 0–9, _.</summary>
    public string Instance { get; init; } = "tally";

    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Settings);
        if (!ClientOrderIds.IsValidInstance(Instance))
        {
            throw new ArgumentException("Instance must be 1–14 of A–Z, a–z, 0–9 and _.", nameof(Instance));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(Settings.MaxAccumulations, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(Settings.SignalWindow, TimeSpan.Zero);
    }
}
