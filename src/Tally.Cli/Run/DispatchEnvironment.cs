using System.Globalization;
using Tally.Cli.Commands;
using Tally.Core;
using Tally.Core.Signals;
using Tally.Engine.Dispatch;
using Tally.Import;

namespace Tally.Cli.Run;

/// <summary>
/// The dispatcher's settings for <c>tally run</c> from the environment, under DESIGN.md §4's names:
/// POSITION_MODE, POSITION_MODE_AWARE_CONFLICTS, SAME_DIRECTION_CONFLICT_RESOLUTION, MAX_ACCUMULATIONS,
/// MIN_CONFIDENCE, SIGNAL_WINDOW (defaults when unset), and TALLY_INSTANCE (client order id prefix, default "tally").
/// </summary>
public static class DispatchEnvironment
{
    /// <summary>The options, or null with the first bad variable named in <paramref name="problem"/>.</summary>
    public static DispatchOptions? Read(Func<string, string?> get, out string? problem)
    {
        ArgumentNullException.ThrowIfNull(get);
        problem = null;
        var settings = new SignalSettings();
        if (get("POSITION_MODE") is { } modeText)
        {
            if (!WireNames.TryParsePositionMode(modeText, out var mode))
            {
                problem = $"POSITION_MODE: \"{modeText}\" is not one-way or hedge";
                return null;
            }

            settings = settings with { Mode = mode };
        }

        if (get("POSITION_MODE_AWARE_CONFLICTS") is { } awareText)
        {
            if (!bool.TryParse(awareText, out var aware))
            {
                problem = $"POSITION_MODE_AWARE_CONFLICTS: \"{awareText}\" is not true or false";
                return null;
            }

            settings = settings with { ModeAwareConflicts = aware };
        }

        if (get("SAME_DIRECTION_CONFLICT_RESOLUTION") is { } sameText)
        {
            SameDirectionPolicy? policy = sameText.Trim().ToLowerInvariant() switch
            {
                "accumulate" => SameDirectionPolicy.Accumulate,
                "strongest_wins" => SameDirectionPolicy.StrongestWins,
                "reject_duplicates" => SameDirectionPolicy.RejectDuplicates,
                _ => null,
            };
            if (policy is null)
            {
                problem = $"SAME_DIRECTION_CONFLICT_RESOLUTION: \"{sameText}\" is not accumulate, strongest_wins or reject_duplicates";
                return null;
            }

            settings = settings with { SameDirection = policy.Value };
        }

        if (get("MAX_ACCUMULATIONS") is { } maxText)
        {
            if (!int.TryParse(maxText, NumberStyles.None, CultureInfo.InvariantCulture, out var max) || max < 1)
            {
                problem = $"MAX_ACCUMULATIONS: \"{maxText}\" is not a positive whole number";
                return null;
            }

            settings = settings with { MaxAccumulations = max };
        }

        if (get("MIN_CONFIDENCE") is { } minText)
        {
            if (FieldParser.Decimal(minText, out var min) is not null || min < 0m || min > 1m)
            {
                problem = $"MIN_CONFIDENCE: \"{minText}\" is not a number from 0 to 1";
                return null;
            }

            settings = settings with { MinConfidence = min };
        }

        if (get("SIGNAL_WINDOW") is { } windowText)
        {
            if (Durations.Parse(windowText) is not { } window)
            {
                problem = $"SIGNAL_WINDOW: \"{windowText}\" is not a duration such as 300s, 5m, 1h or 250ms";
                return null;
            }

            settings = settings with { Window = window };
        }

        var instance = get("TALLY_INSTANCE") ?? "tally";
        if (!ClientOrderIds.IsValidInstance(instance))
        {
            problem = $"TALLY_INSTANCE: \"{instance}\" is not 1–14 of A–Z, a–z, 0–9 and _";
            return null;
        }

        return new DispatchOptions { Settings = settings, Instance = instance };
    }
}
