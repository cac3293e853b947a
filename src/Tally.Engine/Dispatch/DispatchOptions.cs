using Tally.Core.Signals;

namespace Tally.Engine.Dispatch;

/// <summary>How an account's dispatcher decides and names its orders.</summary>
public sealed record DispatchOptions
{
    /// <summary>The conflict settings (DESIGN.md §4); the position mode is taken from the venue when it can say.</summary>
    public SignalSettings Settings { get; init; } = new();

    /// <summary>This engine instance's name in client order ids (<c>t-&lt;instance&gt;-&lt;n&gt;</c>): 1–14 of A–Z, a–z, 0–9, _.</summary>
    public string Instance { get; init; } = "tally";

    /// <summary>
    /// Sends (or lookups) of a take-profit/stop-loss order that may fail transiently before its levels are handed to
    /// the risk monitor (5xx, 429/418, timeouts: looked up by client order id, then sent again when the venue allows).
    /// </summary>
    public int ProtectionAttempts { get; init; } = 5;

    /// <summary>Wait before the first follow-up of a send that failed transiently or whose outcome is unknown; doubles per attempt.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest wait between follow-ups (an exit is followed up until sent, refused for good, or its position is closed).</summary>
    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromMinutes(1);

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
        ArgumentOutOfRangeException.ThrowIfLessThan(ProtectionAttempts, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(RetryDelay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxRetryDelay, RetryDelay);
    }
}
