namespace Tally.Core.Signals;

/// <summary>
/// The conflict settings of DESIGN.md §4, with its defaults. Environment names: POSITION_MODE,
/// POSITION_MODE_AWARE_CONFLICTS, SAME_DIRECTION_CONFLICT_RESOLUTION, MAX_ACCUMULATIONS, MIN_CONFIDENCE,
/// SIGNAL_WINDOW.
/// </summary>
/// <param name="Window">A signal is active while younger than this and its strategy position is not closed.</param>
public sealed record SignalSettings(
    PositionMode Mode = PositionMode.OneWay,
    bool ModeAwareConflicts = true,
    SameDirectionPolicy SameDirection = SameDirectionPolicy.Accumulate,
    int MaxAccumulations = 3,
    decimal MinConfidence = 0m,
    TimeSpan? Window = null)
{
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromSeconds(300);

    public TimeSpan SignalWindow => Window ?? DefaultWindow;
}
